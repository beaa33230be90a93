package dev.tributary.sink.clickhouse;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.warehouse.schema.ClusterDdl;
import dev.tributary.warehouse.schema.Sql;
import dev.tributary.warehouse.schema.WarehouseShape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * The warehouse objects that fence a zombie sink instance, generated from a catalogue table; works
 * unchanged on ClickHouse 18.16 and current releases (no {@code input()}, no constraints, no
 * transactions needed).
 *
 * <ul>
 *   <li>{@value #FENCES}: one row per claim of a Kafka partition, {@code (topic, partition, epoch)};
 *       the highest epoch of a partition is its owner's.
 *   <li>per table, a <b>relay</b> ({@code Null} engine, stores nothing) with the table's columns
 *       after a leading {@value #FENCE_COLUMN}, and a materialized view {@code TO} the table that
 *       passes a block on only if every row's {@code (_topic, _partition, _fence)} is its
 *       partition's highest claim, and otherwise fails the whole INSERT with {@code throwIf} (code
 *       {@value #FENCED_CODE}) before the table is written. The view reads the claims when the
 *       server pushes the block, i.e. after the whole request body arrived: a request stalled in a
 *       zombie's client or on the network is checked against the claims as they are when it
 *       finally lands.
 * </ul>
 *
 * <p>The relay and view names carry a hash of the table's columns: a version that adds a column
 * creates a new pair, so no instance ever inserts into a relay without its view, and instances of
 * the older version keep theirs while they run. Unlike the analyst views (PROBES.md), this view is
 * not a second copy of the data: it is the only path into the table, one block to one part, so an
 * acknowledged INSERT means the part is committed and a failed one that it is not (or, after a
 * server kill, either, which the sink's retry resolves by asking the table).
 *
 * <p>Pure; thread-safe.
 */
public final class FenceDdl {

  /** The claims table. */
  public static final String FENCES = "sink_fences";
  /** The leading relay column holding the epoch the row was written under. */
  public static final String FENCE_COLUMN = "_fence";
  /** ClickHouse's FUNCTION_THROW_IF_VALUE_IS_NON_ZERO: the fence refused the INSERT. */
  public static final int FENCED_CODE = 395;

  /**
   * Tables that are the source of materialized views of their own (the rollups read them: minutes,
   * too-late events, backfilled minutes): ClickHouse 18.16 does not run a table's views for rows a view
   * writes into it, so these are written directly, unfenced. A zombie can repeat a row there; they are
   * versioned or set-fed (see warehouse-sink/DESIGN.md, "Several instances"). Derived from the rollups'
   * DDL, so a rollup over another table unfences that table too.
   */
  static final Set<WarehouseTable> UNFENCED = Datasets.tables().stream()
      .filter(t -> Rollups.sources().contains(t.name()))
      .collect(Collectors.toUnmodifiableSet());

  private FenceDdl() {}

  /**
   * Every statement, in order; each is idempotent and safe when several instances run it at once. In a
   * cluster ({@link WarehouseShape.Cluster}) every object is created {@code ON CLUSTER}: the claims table is
   * replicated per shard (a claim recorded on one replica reaches its siblings, and the sink records it with a
   * quorum of all of them), and on every node a relay and its view check rows against that node's claims
   * before they reach the node's {@code <table>_local}.
   */
  public static List<String> statements(String database, List<WarehouseTable> tables, WarehouseShape shape) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    String engine = shape instanceof WarehouseShape.Cluster
        ? "ReplicatedMergeTree" + ClusterDdl.shardReplication(database, FENCES) : "MergeTree";
    out.add("CREATE TABLE IF NOT EXISTS " + Sql.qualified(database, FENCES) + shape.onCluster()
        + " (topic String, partition Int32, epoch Int64, claimed_at DateTime)"
        + " ENGINE = " + engine + " ORDER BY (topic, partition, epoch)");
    for (WarehouseTable table : tables.stream().filter(FenceDdl::fenced).toList()) {
      out.add("CREATE TABLE IF NOT EXISTS " + Sql.qualified(database, relay(table)) + shape.onCluster() + " ("
          + Sql.identifier(FENCE_COLUMN) + " Int64, "
          + table.columns().stream().map(c -> Sql.identifier(c.name()) + " " + c.type().sql())
              .collect(Collectors.joining(", "))
          + ") ENGINE = Null");
      out.add("CREATE MATERIALIZED VIEW IF NOT EXISTS " + Sql.qualified(database, view(table)) + shape.onCluster()
          + " TO " + Sql.qualified(database, shape.storageTable(table.name())) + " AS SELECT " + columnList(table)
          + " FROM " + Sql.qualified(database, relay(table))
          + " WHERE throwIf((" + WarehouseTable.TOPIC_COLUMN + ", " + WarehouseTable.PARTITION_COLUMN + ", "
          + FENCE_COLUMN + ") NOT IN (SELECT topic, partition, max(epoch) FROM " + Sql.qualified(database, FENCES)
          + " GROUP BY topic, partition)) = 0");
    }
    return List.copyOf(out);
  }

  /** Whether the sink writes {@code table} through its fence relay (else directly, see {@link #UNFENCED}). */
  public static boolean fenced(WarehouseTable table) {
    return !UNFENCED.contains(table);
  }

  /** The relay the sink inserts {@code table}'s rows into. */
  public static String relay(WarehouseTable table) {
    return table.name() + "__fenced_" + shapeHash(table);
  }

  /** The view from the relay into the table. */
  static String view(WarehouseTable table) {
    return table.name() + "__fence_" + shapeHash(table);
  }

  /** The relay's columns as inserted: the fence, then the table's. */
  static List<String> relayColumns(WarehouseTable table) {
    java.util.ArrayList<String> columns = new java.util.ArrayList<>();
    columns.add(Sql.identifier(FENCE_COLUMN));
    table.columns().forEach(c -> columns.add(Sql.identifier(c.name())));
    return List.copyOf(columns);
  }

  /** Records the claim of a partition. */
  static String claim(String database, String topic, int partition, long epoch) {
    return "INSERT INTO " + Sql.qualified(database, FENCES) + " (topic, partition, epoch, claimed_at) SELECT "
        + Sql.literal(topic) + ", " + partition + ", " + epoch + ", now()";
  }

  /** The highest claim of a partition (0 rows claimed: 0, below every Kafka generation). */
  static String highestClaim(String database, String topic, int partition) {
    return "SELECT max(epoch) FROM " + Sql.qualified(database, FENCES) + " WHERE topic = " + Sql.literal(topic)
        + " AND partition = " + partition + " FORMAT TabSeparated";
  }

  /** How many INSERTs of a partition run in the server now (the sink's query ids name the partition). */
  static String runningInserts(WarehouseTable table, String topic, int partition) {
    String prefix = ClickHouseWarehouseWriter.queryIdPrefix(table, topic, partition);
    return "SELECT count() FROM system.processes WHERE substring(query_id, 1, " + prefix.getBytes(
        StandardCharsets.UTF_8).length + ") = " + Sql.literal(prefix) + " FORMAT TabSeparated";
  }

  private static String columnList(WarehouseTable table) {
    return table.columns().stream().map(Column::name).map(Sql::identifier).collect(Collectors.joining(", "));
  }

  private static String shapeHash(WarehouseTable table) {
    CRC32 crc = new CRC32();
    for (Column c : table.columns()) {
      crc.update((c.name() + " " + c.type().sql() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return String.format(Locale.ROOT, "%08x", crc.getValue());
  }
}
