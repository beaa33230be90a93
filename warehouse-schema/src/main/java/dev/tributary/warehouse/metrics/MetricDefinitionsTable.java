package dev.tributary.warehouse.metrics;

import dev.tributary.warehouse.schema.Sql;
import dev.tributary.warehouse.schema.WarehouseShape;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the {@link MetricCatalogue} lives in the warehouse: the table {@code metric_definitions},
 * to which the sink appends the whole catalogue each time it starts, and the view
 * {@code metric_catalogue}, which shows the most recent load only (so a metric removed from the
 * file disappears from the view, while the table keeps the history of what was defined when).
 *
 * <p>Not a dataset of the dataset catalogue: it does not travel through Kafka — it is reference
 * data shipped with the code, like the DDL itself. One INSERT carries the whole catalogue, so a
 * reader never sees half a load, and several sinks starting at once each load the same rows.
 *
 * <p>Pure; thread-safe.
 */
public final class MetricDefinitionsTable {

  /** The table the sink appends every load of the catalogue to. */
  public static final String TABLE = "metric_definitions";
  /** The view of the most recent load: the metrics in force. */
  public static final String VIEW = "metric_catalogue";

  private static final List<String> COLUMNS = List.of("name", "title", "description", "grain", "owner", "unit",
      "sql", "catalogue_version", "loaded_at", "loaded_at_ms");

  private MetricDefinitionsTable() {}

  /** The table and view, idempotent; run after the catalogue's tables and views exist. */
  public static List<String> ddl(String database) {
    return ddl(database, new WarehouseShape.SingleNode());
  }

  /**
   * The table and view for {@code shape}, idempotent. In a cluster the table is replicated to every
   * node (one keeper path for all shards: it is small reference data), so each node answers the view
   * alone and one INSERT on any node reaches them all.
   */
  public static List<String> ddl(String database, WarehouseShape shape) {
    String table = Sql.qualified(database, TABLE);
    String engine = shape instanceof WarehouseShape.Cluster
        ? "ReplicatedMergeTree(" + Sql.literal("/clickhouse/tables/all/" + database + "/" + TABLE) + ", '{replica}')"
        : "MergeTree()";
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + table + shape.onCluster() + " (name String, title String, description String,"
            + " grain String, owner String, unit String, sql String, catalogue_version String, loaded_at DateTime,"
            + " loaded_at_ms Int64) ENGINE = " + engine + " ORDER BY (name, loaded_at_ms)",
        "CREATE VIEW IF NOT EXISTS " + Sql.qualified(database, VIEW) + shape.onCluster()
            + " AS SELECT name, title, description, grain,"
            + " owner, unit, sql, catalogue_version, loaded_at FROM " + table
            + " WHERE loaded_at_ms = (SELECT max(loaded_at_ms) FROM " + table + ")");
  }

  /** One INSERT of every metric of {@code catalogue}, stamped {@code loadedAt}. */
  public static String insert(String database, MetricCatalogue catalogue, Instant loadedAt) {
    long ms = loadedAt.toEpochMilli();
    String rows = catalogue.metrics().stream()
        .map(m -> "(" + String.join(", ", Sql.literal(m.name()), Sql.literal(m.title()), Sql.literal(m.description()),
            Sql.literal(m.grain().name().toLowerCase(Locale.ROOT)), Sql.literal(m.owner()),
            Sql.literal(m.unit().name().toLowerCase(Locale.ROOT)), Sql.literal(m.sql()),
            Sql.literal(catalogue.version()), "toDateTime(" + Math.floorDiv(ms, 1000) + ")", Long.toString(ms)) + ")")
        .collect(Collectors.joining(", "));
    return "INSERT INTO " + Sql.qualified(database, TABLE) + " (" + String.join(", ", COLUMNS) + ") VALUES " + rows;
  }
}
