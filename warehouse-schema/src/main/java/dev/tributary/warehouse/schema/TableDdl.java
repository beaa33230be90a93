package dev.tributary.sink.clickhouse;

import dev.tributary.sink.batching.Column;
import dev.tributary.sink.batching.WarehouseTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The warehouse's DDL. Written to run unchanged on ClickHouse 18.16 and current releases: no
 * DateTime64, Map, JSON, TTL, CODEC or LowCardinality, and {@code IF NOT EXISTS} only on whole
 * tables, so a restart is a no-op. Columns added by later versions reach existing tables through
 * {@link SchemaEvolution}.
 *
 * <ul>
 *   <li>{@code events}: ReplacingMergeTree keyed on the event id: a duplicate event (same id) is
 *       collapsed by merges; the view {@code events_v} reads it FINAL so analysts see each event
 *       once even before merges. This is the backstop; the sink's offset tracking is the mechanism.
 *   <li>{@code dead_letters}: plain MergeTree: every rejected record, once.
 *   <li>{@code metrics_minute}: ReplacingMergeTree versioned by {@code _offset}: the latest update
 *       of a (minute, event) wins, because a key always lives in one Kafka partition and offsets
 *       order its updates there.
 * </ul>
 *
 * <p>Partitions are months of a UTC DateTime, which the batcher mirrors ({@code Rows.month}) so that
 * one batch is one part. Pure; thread-safe.
 */
public final class TableDdl {

  public static final String EVENTS_VIEW = "events_v";
  public static final String METRICS_MINUTE_VIEW = "metrics_minute_v";

  private TableDdl() {}

  /** Every statement that prepares {@code database} on an 18.16-level server, in order; each is idempotent. */
  public static List<String> statements(String database) {
    return statements(database, ServerCapabilities.of("18.16.1"));
  }

  /**
   * Every statement that prepares {@code database}, in order; each is idempotent. Where the server
   * supports it, tables keep a window of insert-deduplication tokens (see {@link ServerCapabilities}).
   */
  public static List<String> statements(String database, ServerCapabilities server) {
    return List.of(
        "CREATE DATABASE IF NOT EXISTS " + Sql.identifier(database),
        createTable(database, WarehouseTable.EVENTS, server),
        createTable(database, WarehouseTable.DEAD_LETTERS, server),
        createTable(database, WarehouseTable.METRICS_MINUTE, server),
        createView(database, EVENTS_VIEW),
        "CREATE VIEW IF NOT EXISTS " + Sql.qualified(database, METRICS_MINUTE_VIEW)
            + " AS SELECT minute, event, count, revenue FROM "
            + Sql.qualified(database, WarehouseTable.METRICS_MINUTE.tableName()) + " FINAL");
  }

  /**
   * The views that read {@code SELECT *} of a table (view name → table). ClickHouse stores a view's
   * column list when the view is created, so such a view must be recreated after columns are
   * added to its table (see {@link SchemaEvolution}).
   */
  public static Map<String, WarehouseTable> selectAllViews() {
    return Map.of(EVENTS_VIEW, WarehouseTable.EVENTS);
  }

  /**
   * Drops and creates again one of the {@link #selectAllViews()}, so it shows every column its table
   * has now. Views hold no data. {@code DROP TABLE}, not {@code DROP VIEW}: 18.16 has no
   * {@code DROP VIEW} (nor {@code CREATE OR REPLACE VIEW}); both forms run on current servers. Safe
   * when several sink instances do it at once: the drop tolerates an absent view, the create an
   * existing one, and every instance creates the same view.
   */
  public static List<String> recreateView(String database, String view) {
    if (!selectAllViews().containsKey(view)) {
      throw new IllegalArgumentException("not a SELECT * view of the sink: " + view);
    }
    return List.of("DROP TABLE IF EXISTS " + Sql.qualified(database, view), createView(database, view));
  }

  private static String createView(String database, String view) {
    return "CREATE VIEW IF NOT EXISTS " + Sql.qualified(database, view) + " AS SELECT * FROM "
        + Sql.qualified(database, selectAllViews().get(view).tableName()) + " FINAL";
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
    return "CREATE TABLE IF NOT EXISTS " + Sql.qualified(database, table.tableName()) + " ("
        + columns + ") ENGINE = " + engine(table) + settings;
  }

  static String engine(WarehouseTable table) {
    String partition = " PARTITION BY toYYYYMM(" + table.partitionColumn() + ")";
    return switch (table) {
      case EVENTS -> "ReplacingMergeTree()" + partition
          + " ORDER BY (event, toDate(timestamp), event_id)";
      case DEAD_LETTERS -> "MergeTree()" + partition + " ORDER BY (reason, failed_at)";
      case METRICS_MINUTE -> "ReplacingMergeTree(" + WarehouseTable.OFFSET_COLUMN + ")" + partition
          + " ORDER BY (minute, event)";
    };
  }

  /** Normalises a type name as {@code system.columns} reports it, for comparison with {@link Column}. */
  static String normaliseType(String reported) {
    return reported.replace(" ", "").replace('"', '\'');
  }
}
