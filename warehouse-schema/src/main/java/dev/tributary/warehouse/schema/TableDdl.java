package dev.tributary.warehouse.schema;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TableEngine;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The warehouse's DDL, generated from the tables and views of the dataset catalogue
 * ({@link Datasets#tables()}). Written to run unchanged on ClickHouse 18.16 and current releases:
 * no DateTime64, Map, JSON, TTL, CODEC or LowCardinality, and {@code IF NOT EXISTS} only on whole
 * tables, so a restart is a no-op. Columns added by later versions reach existing tables through
 * {@link SchemaEvolution}.
 *
 * <p>A ReplacingMergeTree table (events, metrics) collapses rows of one sorting key in merges; its
 * views read it {@code FINAL} so analysts see each row once even before merges. This is the
 * backstop; the sink's offset tracking is the mechanism. Partitions are months of a UTC DateTime,
 * which the loader mirrors so that one batch is one part.
 *
 * <p>Pure; thread-safe.
 */
public final class TableDdl {

  /** The analyst view of every clean event once. */
  public static final String EVENTS_VIEW = "events_v";
  /** The analyst view of the latest per-minute metrics. */
  public static final String METRICS_MINUTE_VIEW = "metrics_minute_v";

  private TableDdl() {}

  /** Every statement that prepares {@code database} on an 18.16-level server, in order; each is idempotent. */
  public static List<String> statements(String database) {
    return statements(database, ServerCapabilities.of("18.16.1"));
  }

  /**
   * Every statement that prepares {@code database}, in order: the database, every table, then every
   * view; each is idempotent. Where the server supports it, tables keep a window of
   * insert-deduplication tokens (see {@link ServerCapabilities}).
   */
  public static List<String> statements(String database, ServerCapabilities server) {
    return statements(database, server, new WarehouseShape.SingleNode());
  }

  /** {@link #statements(String, ServerCapabilities)} for {@code shape}. */
  public static List<String> statements(String database, ServerCapabilities server, WarehouseShape shape) {
    List<String> statements = new ArrayList<>(tableStatements(database, server, shape));
    statements.addAll(viewStatements(database, shape));
    return List.copyOf(statements);
  }

  /**
   * The database and every table for {@code shape}, in order; each is idempotent. For a cluster, a
   * replicated local table and a {@code Distributed} table per catalogue table ({@link ClusterDdl}).
   */
  public static List<String> tableStatements(String database, ServerCapabilities server, WarehouseShape shape) {
    return shape instanceof WarehouseShape.Cluster cluster ? ClusterDdl.tableStatements(database, cluster)
        : tableStatements(database, server);
  }

  /** The database and every table, in order; each is idempotent. */
  public static List<String> tableStatements(String database, ServerCapabilities server) {
    List<String> statements = new ArrayList<>();
    statements.add("CREATE DATABASE IF NOT EXISTS " + Sql.identifier(database));
    for (WarehouseTable table : Datasets.tables()) {
      statements.add(createTable(database, table, server));
    }
    return List.copyOf(statements);
  }

  /**
   * Every view, in order; each is idempotent. Run after the tables have every column
   * ({@link SchemaEvolution}): a view that names a column (a query view naming
   * {@code events.session_id}, say) cannot be created over a table of an earlier version.
   */
  public static List<String> viewStatements(String database) {
    return viewStatements(database, new WarehouseShape.SingleNode());
  }

  /** {@link #viewStatements(String)} for {@code shape}. */
  public static List<String> viewStatements(String database, WarehouseShape shape) {
    List<String> statements = new ArrayList<>(rollupStatements(database, shape));
    viewDefinitions(database, shape).forEach((name, create) -> statements.add(create.apply(name)));
    return List.copyOf(statements);
  }

  /**
   * The rollups ({@link Rollups}: distinct-user states, final minutes' counts): their tables and the
   * materialized views that feed them, idempotent. Run after the tables have every column (the views
   * read {@code user_hashes} and {@code status}, added by later versions) and before the views (the
   * hour and day views read their tables).
   */
  public static List<String> rollupStatements(String database) {
    return Rollups.ddl().stream().map(statement -> withDatabase(statement, database)).toList();
  }

  /** {@link #rollupStatements(String)} for {@code shape}: per shard in a cluster ({@link ClusterDdl}). */
  public static List<String> rollupStatements(String database, WarehouseShape shape) {
    return shape instanceof WarehouseShape.Cluster cluster ? ClusterDdl.rollupStatements(database, cluster)
        : rollupStatements(database);
  }

  /** The statements that add {@code addition}'s column to the tables of {@code shape}, in order. */
  public static List<String> addColumn(SchemaEvolution.AddColumn addition, String database, WarehouseShape shape) {
    return shape instanceof WarehouseShape.Cluster cluster ? ClusterDdl.addColumn(addition, database, cluster)
        : List.of(addition.sql(database));
  }

  /**
   * Every view of the catalogue (view name → its {@code CREATE VIEW IF NOT EXISTS} under the name
   * given), in catalogue order. {@link ViewDefinitions} creates a view under a probe name with this
   * to learn how the server stores the definition this version ships, and compares.
   */
  public static Map<String, UnaryOperator<String>> viewDefinitions(String database) {
    return viewDefinitions(database, new WarehouseShape.SingleNode());
  }

  /**
   * {@link #viewDefinitions(String)} for {@code shape}: in a cluster each view is created on every node
   * ({@code ON CLUSTER}) over the {@code Distributed} tables, which carry the catalogue tables' names.
   */
  public static Map<String, UnaryOperator<String>> viewDefinitions(String database, WarehouseShape shape) {
    Map<String, UnaryOperator<String>> views = new LinkedHashMap<>();
    for (WarehouseTable table : Datasets.tables()) {
      for (WarehouseView view : table.views()) {
        views.put(view.name(), name -> createView(database, table, view, name, shape));
      }
    }
    return views;
  }

  /** {@code CREATE TABLE IF NOT EXISTS} of one table, for an 18.16-level server. */
  public static String createTable(String database, WarehouseTable table) {
    return createTable(database, table, ServerCapabilities.of("18.16.1"));
  }

  /** {@code CREATE TABLE IF NOT EXISTS} of one table for the given server. */
  public static String createTable(String database, WarehouseTable table, ServerCapabilities server) {
    String columns = columnList(table);
    String settings = server.insertDeduplicationToken()
        ? " SETTINGS non_replicated_deduplication_window = " + ServerCapabilities.DEDUPLICATION_WINDOW
        : "";
    return "CREATE TABLE IF NOT EXISTS " + Sql.qualified(database, table.name()) + " ("
        + columns + ") ENGINE = " + engine(table) + settings;
  }

  static String engine(WarehouseTable table) {
    return engine(table, "");
  }

  /**
   * The table's engine clause; {@code replication} empty for a plain engine, else a replicated
   * engine's first arguments (keeper path and replica name, see {@link ClusterDdl}).
   */
  static String engine(WarehouseTable table, String replication) {
    TableEngine e = table.engine();
    boolean replicated = !replication.isEmpty();
    String engine = switch (e.kind()) {
      case MERGE_TREE -> replicated ? "ReplicatedMergeTree" + replication : "MergeTree()";
      case REPLACING -> {
        String version = e.versionColumn().orElse("");
        if (!replicated) {
          yield "ReplacingMergeTree(" + version + ")";
        }
        yield "ReplicatedReplacingMergeTree" + (version.isEmpty() ? replication
            : replication.substring(0, replication.length() - 1) + ", " + version + ")");
      }
    };
    String orderBy = table.orderBy().size() == 1 ? table.orderBy().get(0)
        : "(" + String.join(", ", table.orderBy()) + ")";
    return engine + " PARTITION BY toYYYYMM(" + table.partitionColumn() + ") ORDER BY " + orderBy;
  }

  /** {@code `a` String, `b` Nullable(Int64), ...}: the table's columns in row order. */
  static String columnList(WarehouseTable table) {
    return table.columns().stream()
        .map(c -> Sql.identifier(c.name()) + " " + c.type().sql())
        .collect(Collectors.joining(", "));
  }

  /** {@code sql} with {@link WarehouseView#DATABASE_PLACEHOLDER} replaced by the quoted {@code database}. */
  public static String withDatabase(String sql, String database) {
    return sql.replace(WarehouseView.DATABASE_PLACEHOLDER, Sql.identifier(database));
  }

  private static String createView(String database, WarehouseTable table, WarehouseView view, String name,
      WarehouseShape shape) {
    String create = "CREATE VIEW IF NOT EXISTS " + Sql.qualified(database, name) + shape.onCluster() + " AS ";
    if (view.hasQuery()) {
      return create + withDatabase(view.query(), database);
    }
    String columns = view.selectsAll() ? "*" : String.join(", ", view.columns());
    return create + "SELECT " + columns
        + " FROM " + Sql.qualified(database, table.name()) + " FINAL";
  }

  /** Normalises a type name as {@code system.columns} reports it, for comparison with {@link Column}. */
  static String normaliseType(String reported) {
    return reported.replace(" ", "").replace('"', '\'');
  }
}
