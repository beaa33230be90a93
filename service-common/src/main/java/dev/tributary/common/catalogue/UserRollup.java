package dev.tributary.common.catalogue;

import java.util.List;

/**
 * The distinct-user rollup: per event-time hour, event name and source, the set of identities seen,
 * as a ClickHouse aggregate state ({@code uniqCombined(14)}) in an {@code AggregatingMergeTree}, so
 * distinct users over any span of hours (an hour, a day, a week, per event and source or across
 * them) are a {@code uniqCombinedMerge(14)} of a few thousand fixed-size states instead of a
 * {@code uniqExactArray} over every minute's identity hashes (tens of millions on 100M events).
 *
 * <p><b>Why it may be fed by materialized views.</b> A state is a set: adding the same identity
 * twice changes nothing. Every version of a minute row (provisional, then final) holds a subset of
 * the final row's identities, and a row loaded twice adds nothing, so feeding the rollup with every
 * row inserted into {@code metrics_minute}, {@code metrics_too_late} and {@code metrics_minute_backfill}
 * (imported history, whose rows are versions of growing sets too), whatever its version and
 * however often, gives exactly the union of the final rows and the corrections. What a materialized
 * view can do wrong (PROBES.md: a SIGKILL of ClickHouse during an INSERT can keep the block in the
 * table and lose it in the view) is to <em>lose</em> identities, and for that:
 * <ul>
 *   <li>{@link #checkQuery()} recomputes every hour's state from the tables (slow: it reads every
 *   identity hash, an audit, not a dashboard query) and lists the hours whose answer differs;
 *   {@code uniqCombined} of a set is a function of the set (hash table below about 1,000 identities,
 *   else the registers' maxima), so a merge of complete states equals it exactly, and a loss that
 *   changes no answer is the only loss it cannot see;</li>
 *   <li>{@link #refillQueries(String)} re-feeds any span of hours from the tables; because states are
 *   sets this is always safe (never double counts), so the repair of a suspected loss is to refill
 *   the hours the check lists, or everything.</li>
 * </ul>
 * The sink refills everything when it finds the rollup empty beside non-empty minutes (a warehouse
 * created before the rollup existed). Counts and revenue never come from here: sums are not
 * idempotent, they stay in {@code metrics_minute_v}.
 *
 * <p><b>Accuracy.</b> {@value #STATE_FUNCTION}: up to about 1,000 identities a state is a hash
 * table of 32-bit hashes of the identities' 64-bit hashes, exact up to hash collisions (expected
 * about n²/2³³ lost, under 0.02 % below 100,000 identities); above, a HyperLogLog of 2¹⁴ registers with a
 * relative standard error of 1.04/√16384 ≈ 0.8 % (under 2.5 % in 99.7 % of cases). Exact distinct
 * users per minute remain in {@code metrics_minute.distinct_users}.
 *
 * <p>Pure (builds SQL with the {@link WarehouseView#DATABASE_PLACEHOLDER}); thread-safe.
 */
public final class UserRollup {

  /** The rollup's table. */
  public static final String TABLE = "metrics_users_hour";
  /** The aggregate function whose states the table holds. */
  public static final String STATE_FUNCTION = "uniqCombined(14)";
  /** The materialized view that feeds the identities of every row inserted into {@code metrics_minute}. */
  public static final String FROM_MINUTES_VIEW = TABLE + "_from_minutes";
  /** The materialized view that feeds the identity of every row inserted into {@code metrics_too_late}. */
  public static final String FROM_TOO_LATE_VIEW = TABLE + "_from_too_late";
  /** The materialized view that feeds the identities of every row inserted into {@code metrics_minute_backfill}. */
  public static final String FROM_BACKFILL_VIEW = TABLE + "_from_backfill";
  /** Distinct identities of the states aggregated: {@code uniqCombinedMerge(14)(users)}. */
  public static final String MERGE = "uniqCombinedMerge(14)(users)";

  private static final String FROM_MINUTES = "FROM {db}.`" + WarehouseTables.METRICS_MINUTE.name() + "`";
  private static final String FROM_TOO_LATE = "FROM {db}.`" + WarehouseTables.METRICS_TOO_LATE.name() + "`";
  private static final String FROM_BACKFILL = "FROM {db}.`" + BackfillTables.TABLE + "`";
  private static final String HASHES_STATE = "SELECT toStartOfHour(minute) AS hour, event, source,"
      + " uniqCombinedState(14)(arrayJoin(user_hashes)) AS users ";
  private static final String MINUTES_SELECT = HASHES_STATE + FROM_MINUTES;
  private static final String BACKFILL_SELECT = HASHES_STATE + FROM_BACKFILL;
  private static final String TOO_LATE_SELECT = "SELECT toStartOfHour(minute) AS hour, event, source,"
      + " uniqCombinedState(14)(user_hash) AS users " + FROM_TOO_LATE;
  private static final String GROUP = " GROUP BY hour, event, source";

  private UserRollup() {}

  /** The table and the three materialized views that feed it, idempotent; run after the tables they read. */
  public static List<String> ddl() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS {db}.`" + TABLE + "` (hour DateTime('UTC'), event String, source String,"
            + " users AggregateFunction(" + STATE_FUNCTION + ", UInt64))"
            + " ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(hour) ORDER BY (hour, event, source)",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.`" + FROM_MINUTES_VIEW + "` TO {db}.`" + TABLE + "` AS "
            + MINUTES_SELECT + GROUP,
        "CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.`" + FROM_TOO_LATE_VIEW + "` TO {db}.`" + TABLE + "` AS "
            + TOO_LATE_SELECT + GROUP,
        "CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.`" + FROM_BACKFILL_VIEW + "` TO {db}.`" + TABLE + "` AS "
            + BACKFILL_SELECT + GROUP);
  }

  /** Every relation {@link #ddl()} creates: the table and its three materialized views. */
  public static List<String> relations() {
    return List.of(TABLE, FROM_MINUTES_VIEW, FROM_TOO_LATE_VIEW, FROM_BACKFILL_VIEW);
  }

  /**
   * Re-feeds the rollup from the tables for the minutes that match {@code minuteCondition} (an
   * expression over {@code minute}, e.g. {@code 1} for everything or
   * {@code toStartOfHour(minute) = toDateTime('2026-03-02 10:00:00', 'UTC')}). Safe to run any
   * number of times, and while the sink loads.
   */
  public static List<String> refillQueries(String minuteCondition) {
    String into = "INSERT INTO {db}.`" + TABLE + "` (hour, event, source, users) ";
    return List.of(
        into + MINUTES_SELECT + " WHERE " + minuteCondition + GROUP,
        into + TOO_LATE_SELECT + " WHERE " + minuteCondition + GROUP,
        into + BACKFILL_SELECT + " WHERE " + minuteCondition + GROUP);
  }

  /**
   * The hours, event names and sources whose rollup answer differs from a recomputation from the
   * tables (columns {@code hour, event, source, rollup_users, recomputed_users}); empty when nothing
   * was lost. Reads every identity hash: for audits and after a ClickHouse crash, not dashboards.
   */
  public static String checkQuery() {
    return "SELECT hour, event, source, rollup_users, recomputed_users FROM (SELECT hour, event, source,"
        + " uniqCombined(14)(h) AS recomputed_users FROM (SELECT toStartOfHour(minute) AS hour, event, source,"
        + " arrayJoin(user_hashes) AS h " + FROM_MINUTES + " UNION ALL SELECT toStartOfHour(minute) AS hour, event,"
        + " source, user_hash AS h " + FROM_TOO_LATE + " UNION ALL SELECT toStartOfHour(minute) AS hour, event, source,"
        + " arrayJoin(user_hashes) AS h " + FROM_BACKFILL + ")" + GROUP + ") ANY FULL OUTER JOIN (SELECT hour, event,"
        + " source, " + MERGE + " AS rollup_users FROM {db}.`" + TABLE + "`" + GROUP + ") USING hour, event, source"
        + " WHERE rollup_users != recomputed_users ORDER BY hour, event, source";
  }
}
