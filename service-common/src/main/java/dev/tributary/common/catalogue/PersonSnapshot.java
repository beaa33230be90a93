package dev.tributary.common.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * A snapshot of the person mapping that ClickHouse keeps built in memory between queries, so that
 * daily active persons do not build a hash table of every mapped id on each query (on 18.16 that build
 * and its probes were about 1.1 s of the metric's 1.6 s at 100M events; docs/DESIGN.md, "Daily active
 * persons").
 *
 * <p><b>What it holds.</b> A {@code Join(ANY, LEFT, user_hash)} table read with {@code joinGet}: for
 * every id whose person (as of the snapshot) is not itself, {@code sipHash64(id) → sipHash64(person_id)},
 * and per partition of the {@code persons} table a watermark row: the next offset the snapshot has not
 * seen, under the key {@link #watermarkKey(String) sipHash64('persons_snapshot', partition)}.
 *
 * <p><b>Why the metric stays exact whatever the snapshot's age.</b> The metric joins, at query time,
 * only the ids with a {@code persons} row at or after their partition's watermark: their latest row
 * (every row of one id is in one partition, and later rows have higher offsets) overrides the snapshot.
 * Every other id's latest row was below the watermark, so in the table when the snapshot read it; the
 * snapshot holds it. A missing snapshot row of a partition reads as watermark 0 (everything is
 * joined), so an empty snapshot, as created, is correct and merely slower. Refreshing only makes the
 * query-time join smaller; correctness never depends on it. The watermarks are read <em>before</em> the
 * mapping ({@link #watermarksQuery()}), so a row that lands in between is both in the snapshot and
 * joined, which is harmless.
 *
 * <p><b>Refresh</b> ({@link #refreshStatements}): build a new table under a name of its own, then swap it
 * in with one {@code RENAME} and drop the old one. Several refreshers may run at once: each swaps in a
 * complete snapshot. 18.16 cannot {@code TRUNCATE} a {@code Join} table, and an {@code ANY} one keeps
 * the first row of a key, so a snapshot is never updated in place.
 *
 * <p>Pure (SQL with the {@link WarehouseView#DATABASE_PLACEHOLDER}); thread-safe.
 */
public final class PersonSnapshot {

  /** The snapshot's table. */
  public static final String TABLE = "persons_snapshot";
  /** Prefix of the tables a refresh builds and swaps out; one left by a refresher that died is dropped later. */
  public static final String WORK_TABLE_PREFIX = TABLE + "_";
  private static final String ENGINE = " (user_hash UInt64, person_hash UInt64) ENGINE = Join(ANY, LEFT, user_hash)";
  private static final String PERSONS = "{db}.`" + SessionIdentityTables.PERSONS.name() + "`";

  private PersonSnapshot() {}

  /** The (empty) snapshot table, idempotent: the metric reads it before any refresh. */
  public static String ddl() {
    return "CREATE TABLE IF NOT EXISTS " + table(TABLE) + ENGINE;
  }

  /**
   * The key of a partition's watermark row; {@code partition} is an {@code Int32} expression (the
   * {@code _partition} column, or {@code toInt32(n)}), hashed with the table's name so it cannot be read
   * as an id's hash (up to 64-bit collisions, as every hash here).
   */
  public static String watermarkKey(String partition) {
    return "sipHash64('" + TABLE + "', " + partition + ")";
  }

  /** Per partition of {@code persons}, the next offset (highest loaded + 1): {@code partition \t next}. */
  public static String watermarksQuery() {
    return "SELECT " + WarehouseTable.PARTITION_COLUMN + ", max(" + WarehouseTable.OFFSET_COLUMN + ") + 1 FROM "
        + PERSONS + " GROUP BY " + WarehouseTable.PARTITION_COLUMN + " ORDER BY " + WarehouseTable.PARTITION_COLUMN
        + " FORMAT TabSeparated";
  }

  /**
   * Builds a snapshot under {@code <table>_next_<suffix>} holding {@code nextOffsets} (read by
   * {@link #watermarksQuery()} just before) and the mapping as {@code persons} holds it now, swaps it in,
   * and drops the one it replaced. Run in order; a failure leaves at most the work table behind (see
   * {@link #leftoversQuery(String, long)}), and the old snapshot in place.
   *
   * @param suffix unique per refresh ({@code [a-z0-9]+})
   */
  public static List<String> refreshStatements(String suffix, SortedMap<Integer, Long> nextOffsets) {
    if (!suffix.matches("[a-z0-9]+")) {
      throw new IllegalArgumentException("suffix must be [a-z0-9]+: " + suffix);
    }
    String next = WORK_TABLE_PREFIX + "next_" + suffix;
    String old = WORK_TABLE_PREFIX + "old_" + suffix;
    List<String> statements = new ArrayList<>();
    statements.add(ddl()); // the RENAME below needs a table to move aside
    statements.add("DROP TABLE IF EXISTS " + table(next));
    statements.add("CREATE TABLE " + table(next) + ENGINE);
    if (!nextOffsets.isEmpty()) {
      // first: an ANY join table keeps the first row of a key
      statements.add("INSERT INTO " + table(next) + " (user_hash, person_hash) SELECT "
          + watermarkKey("toInt32(w.1)") + ", toUInt64(w.2) FROM (SELECT arrayJoin(["
          + nextOffsets.entrySet().stream().map(PersonSnapshot::pair).collect(Collectors.joining(", "))
          + "]) AS w)");
    }
    // the filter outside FINAL: it must see each id's latest row only
    statements.add("INSERT INTO " + table(next) + " (user_hash, person_hash) SELECT sipHash64(id), sipHash64(person_id)"
        + " FROM (SELECT id, person_id FROM " + PERSONS + " FINAL) WHERE person_id != id");
    statements.add("RENAME TABLE " + table(TABLE) + " TO " + table(old) + ", " + table(next) + " TO " + table(TABLE));
    statements.add("DROP TABLE IF EXISTS " + table(old));
    return List.copyOf(statements);
  }

  /**
   * The work tables of {@code database} older than {@code minAgeSeconds}: left by a refresher that died
   * between its steps (younger ones may be another refresher's, still building). One name per line.
   */
  public static String leftoversQuery(String database, long minAgeSeconds) {
    return "SELECT name FROM system.tables WHERE database = '" + database.replace("\\", "\\\\").replace("'", "\\'")
        + "' AND startsWith(name, '" + WORK_TABLE_PREFIX + "') AND metadata_modification_time < now() - "
        + minAgeSeconds + " FORMAT TabSeparated";
  }

  /** Drops one work table named by {@link #leftoversQuery}. */
  public static String dropLeftover(String name) {
    if (!name.startsWith(WORK_TABLE_PREFIX) || name.contains("`")) {
      throw new IllegalArgumentException("not a snapshot work table: " + name);
    }
    return "DROP TABLE IF EXISTS " + table(name);
  }

  private static String pair(Map.Entry<Integer, Long> e) {
    return "(" + e.getKey() + ", " + e.getValue() + ")";
  }

  private static String table(String name) {
    return "{db}.`" + name + "`";
  }
}
