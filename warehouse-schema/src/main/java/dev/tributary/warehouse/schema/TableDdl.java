package dev.tributary.warehouse.schema;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TableEngine;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    List<String> statements = new ArrayList<>(tableStatements(database, server));
    statements.addAll(viewStatements(database));
    return List.copyOf(statements);
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
    List<String> statements = new ArrayList<>();
    for (WarehouseTable table : Datasets.tables()) {
      for (WarehouseView view : table.views()) {
        statements.add(createView(database, table, view));
      }
    }
    return List.copyOf(statements);
  }

  /**
   * The views that read {@code SELECT *} of a table (view name → table). ClickHouse stores a view's
   * column list when the view is created, so such a view must be recreated after columns are
   * added to its table (see {@link SchemaEvolution}).
   */
  public static Map<String, WarehouseTable> selectAllViews() {
    Map<String, WarehouseTable> views = new LinkedHashMap<>();
    for (WarehouseTable table : Datasets.tables()) {
      table.views().stream().filter(WarehouseView::selectsAll).forEach(v -> views.put(v.name(), table));
    }
    return views;
  }

  /**
   * Drops and creates again one of the {@link #selectAllViews()}, so it shows every column its table
   * has now. Views hold no data. {@code DROP TABLE}, not {@code DROP VIEW}: 18.16 has no
   * {@code DROP VIEW} (nor {@code CREATE OR REPLACE VIEW}); both forms run on current servers. Safe
   * when several sink instances do it at once: the drop tolerates an absent view, the create an
   * existing one, and every instance creates the same view.
   */
  public static List<String> recreateView(String database, String view) {
    WarehouseTable table = selectAllViews().get(view);
    if (table == null) {
      throw new IllegalArgumentException("not a SELECT * view of the catalogue: " + view);
    }
    return List.of("DROP TABLE IF EXISTS " + Sql.qualified(database, view),
        createView(database, table, view(table, view)));
  }

  /** {@code CREATE TABLE IF NOT EXISTS} of one table, for an 18.16-level server. */
  public static String createTable(String database, WarehouseTable table) {
    return createTable(database, table, ServerCapabilities.of("18.16.1"));
  }

  /** {@code CREATE TABLE IF NOT EXISTS} of one table for the given server. */
  public static String createTable(String database, WarehouseTable table, ServerCapabilities server) {
    String columns = table.columns().stream()
        .map(c -> Sql.identifier(c.name()) + " " + c.type().sql())
        .collect(Collectors.joining(", "));
    String settings = server.insertDeduplicationToken()
        ? " SETTINGS non_replicated_deduplication_window = " + ServerCapabilities.DEDUPLICATION_WINDOW
        : "";
    return "CREATE TABLE IF NOT EXISTS " + Sql.qualified(database, table.name()) + " ("
        + columns + ") ENGINE = " + engine(table) + settings;
  }

  static String engine(WarehouseTable table) {
    TableEngine e = table.engine();
    String engine = switch (e.kind()) {
      case MERGE_TREE -> "MergeTree()";
      case REPLACING -> "ReplacingMergeTree(" + e.versionColumn().orElse("") + ")";
    };
    String orderBy = table.orderBy().size() == 1 ? table.orderBy().get(0)
        : "(" + String.join(", ", table.orderBy()) + ")";
    return engine + " PARTITION BY toYYYYMM(" + table.partitionColumn() + ") ORDER BY " + orderBy;
  }

  private static String createView(String database, WarehouseTable table, WarehouseView view) {
    if (view.hasQuery()) {
      return "CREATE VIEW IF NOT EXISTS " + Sql.qualified(database, view.name()) + " AS "
          + view.query().replace(WarehouseView.DATABASE_PLACEHOLDER, Sql.identifier(database));
    }
    String columns = view.selectsAll() ? "*" : String.join(", ", view.columns());
    return "CREATE VIEW IF NOT EXISTS " + Sql.qualified(database, view.name()) + " AS SELECT " + columns
        + " FROM " + Sql.qualified(database, table.name()) + " FINAL";
  }

  private static WarehouseView view(WarehouseTable table, String name) {
    return table.views().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  /** Normalises a type name as {@code system.columns} reports it, for comparison with {@link Column}. */
  static String normaliseType(String reported) {
    return reported.replace(" ", "").replace('"', '\'');
  }
}
