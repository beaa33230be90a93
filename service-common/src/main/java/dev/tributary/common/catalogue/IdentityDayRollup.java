package dev.tributary.common.catalogue;

import java.util.List;

/**
 * The identities active per UTC day: one row per {@code (day, user_hash)}, the identity hash
 * ({@code sipHash64(user_id, else anonymous_id)}) of every identity with at least one clean event that
 * day, in an {@code AggregatingMergeTree} keyed on both (rows of one key collapse into one when parts
 * merge). Daily active persons are these rows joined at query time, once, with the <em>current</em>
 * person mapping ({@code persons_v}, each id hashed the same way): an identify or alias that lands
 * later re-attributes every past day, because nothing about the person is stored here. About one row
 * per identity and active day, where {@code events_by_person_v} reads every event ({@code FINAL}, two
 * joins).
 *
 * <p><b>Why it is fed from the metric tables, not from {@code events}.</b> Every clean event is
 * counted in exactly one of {@code metrics_minute} (its minute's rows carry the identity hashes),
 * {@code metrics_too_late} or {@code metrics_minute_backfill}; the recomputation tests hold the three
 * to {@code events_v}. Those tables are already the unfenced sources of {@link UserRollup}'s views, and
 * a set of hashes may be fed every version of a minute row, any number of times, by a zombie sink as
 * well (same argument as {@link UserRollup}). {@code events} is written through the fence relay, and
 * ClickHouse 18.16 runs no view of a table for rows another view writes into it, so a view on
 * {@code events} would never fire; see docs/DESIGN.md, "Daily active persons", for why not the relay.
 *
 * <p><b>Materialized views are not trusted</b> (PROBES.md): a lost block is found by
 * {@link #checkQuery()} (per day, the number of distinct hashes and their sum, against a recomputation
 * from the three tables) and repaired by {@link #refillQueries(String)}, a set union, safe any number of
 * times. The sink refills everything when it finds the rollup empty beside non-empty minutes.
 *
 * <p><b>Exactness.</b> Exact up to 64-bit hash collisions (as every exact distinct-user figure here).
 * One difference from {@code events_by_person_v}, which maps {@code a:<id>} and {@code u:<id>} apart: an
 * id string used both as an anonymous id and as a user id, linked to two different persons, is one
 * hash here and counts as one of them.
 *
 * <p>Pure (builds SQL with the {@link WarehouseView#DATABASE_PLACEHOLDER}); thread-safe.
 */
public final class IdentityDayRollup {

  /** The rollup's table. */
  public static final String TABLE = "metrics_ids_day";
  /** The materialized view that feeds it the identities of every row inserted into {@code metrics_minute}. */
  public static final String FROM_MINUTES_VIEW = TABLE + "_from_minutes";
  /** The materialized view that feeds it the identity of every row inserted into {@code metrics_too_late}. */
  public static final String FROM_TOO_LATE_VIEW = TABLE + "_from_too_late";
  /** The materialized view that feeds it the identities of every row inserted into {@code metrics_minute_backfill}. */
  public static final String FROM_BACKFILL_VIEW = TABLE + "_from_backfill";

  private static final String GROUP = " GROUP BY day, user_hash";

  private IdentityDayRollup() {}

  private static String fromMinutes() {
    return "SELECT toDate(minute) AS day, arrayJoin(user_hashes) AS user_hash FROM {db}.`"
        + WarehouseTables.METRICS_MINUTE.name() + "`";
  }

  private static String fromTooLate() {
    return "SELECT toDate(minute) AS day, user_hash FROM {db}.`" + WarehouseTables.METRICS_TOO_LATE.name() + "`";
  }

  private static String fromBackfill() {
    return "SELECT toDate(minute) AS day, arrayJoin(user_hashes) AS user_hash FROM {db}.`" + BackfillTables.TABLE + "`";
  }

  /** The table and the three materialized views that feed it, idempotent; run after the tables they read. */
  public static List<String> ddl() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS {db}.`" + TABLE + "` (day Date, user_hash UInt64)"
            + " ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (day, user_hash)",
        view(FROM_MINUTES_VIEW, fromMinutes()),
        view(FROM_TOO_LATE_VIEW, fromTooLate()),
        view(FROM_BACKFILL_VIEW, fromBackfill()));
  }

  private static String view(String name, String select) {
    return "CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.`" + name + "` TO {db}.`" + TABLE + "` AS " + select + GROUP;
  }

  /** Every relation {@link #ddl()} creates: the table and its three materialized views. */
  public static List<String> relations() {
    return List.of(TABLE, FROM_MINUTES_VIEW, FROM_TOO_LATE_VIEW, FROM_BACKFILL_VIEW);
  }

  /**
   * Re-feeds the rollup from the tables for the minutes that match {@code minuteCondition} (an
   * expression over {@code minute}, e.g. {@code 1} for everything or {@code toDate(minute) = '2026-03-02'}).
   * Safe to run any number of times, and while the sink loads.
   */
  public static List<String> refillQueries(String minuteCondition) {
    String into = "INSERT INTO {db}.`" + TABLE + "` (day, user_hash) ";
    String where = " WHERE " + minuteCondition;
    return List.of(into + fromMinutes() + where + GROUP, into + fromTooLate() + where + GROUP,
        into + fromBackfill() + where + GROUP);
  }

  /**
   * The days whose identities in the rollup differ from a recomputation from the three tables (columns
   * {@code day, rollup_ids, recomputed_ids}: distinct hashes on each side; a day also differs when the
   * sums of its hashes do); empty when nothing was lost. Reads every identity hash of the minutes: for
   * audits and after a ClickHouse crash, not dashboards.
   */
  public static String checkQuery() {
    return "SELECT day, n AS rollup_ids, n2 AS recomputed_ids FROM (SELECT day, uniqExact(user_hash) AS n,"
        + " sum(user_hash) AS f FROM (SELECT DISTINCT day, user_hash FROM {db}.`" + TABLE + "`) GROUP BY day)"
        + " ANY FULL OUTER JOIN (SELECT day, uniqExact(user_hash) AS n2, sum(user_hash) AS f2 FROM (SELECT DISTINCT"
        + " day, user_hash FROM (" + fromMinutes() + " UNION ALL " + fromTooLate() + " UNION ALL " + fromBackfill()
        + ")) GROUP BY day) USING day WHERE n != n2 OR f != f2 ORDER BY day";
  }
}
