package dev.tributary.common.catalogue;

import java.util.List;

/**
 * The count and revenue rollup: per event-time hour, event name and source, the set of the hour's
 * <em>final</em> minute rows as {@code (minute, count, revenue)} tuples, in a ClickHouse aggregate
 * state ({@code groupUniqArray}) of an {@code AggregatingMergeTree}, so the hour and day views sum a
 * few thousand small states instead of reading {@code metrics_minute FINAL}, whose cost grows with the
 * provisional versions the table holds until ClickHouse merges them.
 *
 * <p><b>Why a set of final rows, and not sums.</b> A minute row is updated in place: provisional
 * versions, then exactly one final row, which never changes (later events go to
 * {@code metrics_too_late}). Summing what a materialized view sees would add every provisional version
 * (a sum of deltas needs the previous version, which a view does not have), and a sum is not
 * idempotent: a block the view received twice, or a refill of an hour the view had already fed,
 * would count twice. A set of final tuples is idempotent: a final row loaded twice, or fed again
 * by a refill, is the same tuple and adds nothing. The provisional minutes (the live tail) are read
 * from {@code metrics_minute} itself: for the minutes that hold a provisional row, the latest version
 * of each key ({@code argMax} over {@code updated_at_ms}), kept when that version is provisional. A key
 * is counted from the rollup once its final row is in the table, from the tail before.
 *
 * <p><b>Materialized views are not trusted.</b> A table and its materialized view are not written
 * atomically (PROBES.md: a SIGKILL of ClickHouse during an INSERT can keep the block in the table and
 * lose it in the view). Extra tuples cannot happen (the same final row is the same tuple); lost ones
 * can, and for that:
 * <ul>
 *   <li>{@link #checkQuery()} recomputes every hour's set of final tuples from {@code metrics_minute}
 *   and lists the hours whose rollup differs (number of tuples, or an order-independent fingerprint of
 *   them: the sum of their {@code sipHash64}), with both counts;</li>
 *   <li>{@link #refillQueries(String)} re-feeds any span of minutes from the table; a set union, so it
 *   is always safe (never double counts), and the repair is to refill the hours the check lists.</li>
 * </ul>
 * The sink refills everything when it finds the rollup empty beside non-empty minutes (a warehouse
 * created before the rollup existed). Too-late corrections are read from {@code metrics_too_late}
 * directly: a plain table the sink loads exactly once, one row per event, small by nature.
 *
 * <p>Pure (builds SQL with the {@link WarehouseView#DATABASE_PLACEHOLDER}); thread-safe.
 */
public final class CountRollup {

  /** The rollup's table. */
  public static final String TABLE = "metrics_counts_hour";
  /** The materialized view that feeds it the final rows inserted into {@code metrics_minute}. */
  public static final String FROM_MINUTES_VIEW = TABLE + "_from_minutes";
  /** The type of one element of the state: a final minute's start, count and revenue. */
  static final String TUPLE_TYPE = "Tuple(DateTime('UTC'), UInt64, Float64)";

  private static final String FINAL_TUPLES = "groupUniqArrayState(tuple(minute, count, revenue)) AS finals";
  private static final String GROUP = " GROUP BY hour, event, source";
  /** Number of tuples and their order-independent fingerprint, of an array {@code m} of final tuples. */
  private static final String FINGERPRINT = "length(m) AS n, arraySum(t -> sipHash64(tupleElement(t, 1),"
      + " tupleElement(t, 2), tupleElement(t, 3)), m) AS f, arraySum(t -> tupleElement(t, 2), m) AS c";

  private CountRollup() {}

  private static String minutes() {
    return "{db}.`" + WarehouseTables.METRICS_MINUTE.name() + "`";
  }

  private static String finalRows() {
    return "SELECT toStartOfHour(minute) AS hour, event, source, " + FINAL_TUPLES + " FROM " + minutes()
        + " WHERE status = 'final'";
  }

  /** The table and the materialized view that feeds it, idempotent; run after the tables they read. */
  public static List<String> ddl() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS {db}.`" + TABLE + "` (hour DateTime('UTC'), event String, source String,"
            + " finals AggregateFunction(groupUniqArray, " + TUPLE_TYPE + "))"
            + " ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(hour) ORDER BY (hour, event, source)",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.`" + FROM_MINUTES_VIEW + "` TO {db}.`" + TABLE + "` AS "
            + finalRows() + GROUP);
  }

  /** Every relation {@link #ddl()} creates: the table and its materialized view. */
  public static List<String> relations() {
    return List.of(TABLE, FROM_MINUTES_VIEW);
  }

  /**
   * Re-feeds the rollup from {@code metrics_minute} for the minutes that match {@code minuteCondition}
   * (an expression over {@code minute}, e.g. {@code 1} for everything). Safe to run any number of
   * times, and while the sink loads.
   */
  public static List<String> refillQueries(String minuteCondition) {
    return List.of("INSERT INTO {db}.`" + TABLE + "` (hour, event, source, finals) " + finalRows()
        + " AND (" + minuteCondition + ")" + GROUP);
  }

  /**
   * The hours, event names and sources whose rollup differs from the final rows in
   * {@code metrics_minute} (columns {@code hour, event, source, rollup_minutes, recomputed_minutes,
   * rollup_count, recomputed_count}); empty when nothing was lost. Reads every final row's count and
   * revenue (not the identity hashes): seconds on years of minutes, for audits and after a crash.
   */
  public static String checkQuery() {
    return "SELECT hour, event, source, n AS rollup_minutes, n2 AS recomputed_minutes, c AS rollup_count,"
        + " c2 AS recomputed_count FROM (SELECT hour, event, source, " + FINGERPRINT
        + " FROM (SELECT hour, event, source, groupUniqArrayMerge(finals) AS m FROM {db}.`" + TABLE + "`" + GROUP + "))"
        + " ANY FULL OUTER JOIN (SELECT hour, event, source, n AS n2, f AS f2, c AS c2 FROM (SELECT hour, event, source, "
        + FINGERPRINT + " FROM (SELECT toStartOfHour(minute) AS hour, event, source,"
        + " groupUniqArray(tuple(minute, count, revenue)) AS m FROM " + minutes() + " WHERE status = 'final'" + GROUP
        + "))) USING hour, event, source WHERE n != n2 OR f != f2 ORDER BY hour, event, source";
  }

  /**
   * The latest version of every minute key whose latest version is provisional (the live tail), as
   * {@code minute, event, source, c0, r0, s0}. Reads only the minutes that hold a provisional row (the
   * index on {@code minute} skips the rest), and in them every version, without {@code FINAL}.
   */
  static String provisionalTail(String minutesTable) {
    String minutes = "{db}.`" + minutesTable + "`";
    return "SELECT minute, event, source, argMax(count, updated_at_ms) AS c0, argMax(revenue, updated_at_ms) AS r0,"
        + " argMax(status, updated_at_ms) AS s0 FROM " + minutes + " WHERE minute IN (SELECT minute FROM " + minutes
        + " WHERE status = 'provisional') GROUP BY minute, event, source HAVING s0 = 'provisional'";
  }

  /**
   * The latest version of every backfilled minute ({@link BackfillTables}: imported history, recomputed
   * apart from the live minutes), as {@code minute, event, source, c0, r0}, without {@code FINAL}.
   */
  static String latestBackfilled() {
    return "SELECT minute, event, source, argMax(count, updated_at_ms) AS c0, argMax(revenue, updated_at_ms) AS r0"
        + " FROM {db}.`" + BackfillTables.TABLE + "` GROUP BY minute, event, source";
  }

  /**
   * A rollup view of the minutes into a coarser grain: count and revenue of the final minutes summed
   * from the rollup's states, plus the provisional tail, plus the too-late corrections counted from
   * their table; distinct users merged from the {@link UserRollup}'s hourly states. One JOIN, on the
   * grain, event and source.
   *
   * @param grainOfMinute the grain of a {@code minute}, e.g. {@code toStartOfHour(minute)}
   * @param grainOfHour the grain of an {@code hour}, e.g. {@code toDate(hour)}
   * @param minutesTable {@code metrics_minute}, and {@code tooLateTable} {@code metrics_too_late}: given by
   *     {@link WarehouseTables} while it declares them (this class cannot read its fields before they exist)
   */
  static WarehouseView view(String name, String grain, String grainOfMinute, String grainOfHour, String minutesTable,
      String tooLateTable) {
    String g = " AS " + grain + ", event, source, ";
    return WarehouseView.unmerged(name, "Per " + grain + ", event name and source: count and revenue of its minutes"
            + " (final minutes from the states of " + TABLE + ", provisional ones as their latest version in metrics_minute,"
            + " backfilled ones as their latest version in " + BackfillTables.TABLE + ")"
            + " and the events too late for them; provisional_minutes > 0 while some of its minutes can still change."
            + " Reads no table FINAL, and equals metrics_minute_v rolled up: a minute counts from its latest row, once"
            + " (a query that runs while a minute's final row lands may see that minute twice or not at all, once)."
            + " distinct_users (including identities of too-late events) comes from " + UserRollup.TABLE
            + ": exact below about 1,000, else within about 0.8% (relative standard error)",
        "SELECT " + grain + ", event, source, c AS count, u AS distinct_users, r AS revenue, l AS too_late_events,"
            + " p AS provisional_minutes"
            + " FROM (SELECT " + grain + ", event, source, sum(c1) AS c, sum(r1) AS r, sum(l1) AS l, sum(p1) AS p FROM ("
            + "SELECT " + grain + ", event, source, arraySum(t -> tupleElement(t, 2), m) AS c1,"
            + " arraySum(t -> tupleElement(t, 3), m) AS r1, toUInt64(0) AS l1, toUInt64(0) AS p1"
            + " FROM (SELECT " + grainOfHour + g + "groupUniqArrayMerge(finals) AS m FROM {db}.`" + TABLE + "`"
            + " GROUP BY " + grain + ", event, source)"
            + " UNION ALL SELECT " + grainOfMinute + g + "c0 AS c1, r0 AS r1, toUInt64(0) AS l1, toUInt64(1) AS p1"
            + " FROM (" + provisionalTail(minutesTable) + ")"
            + " UNION ALL SELECT " + grainOfMinute + g + "toUInt64(0) AS c1, toFloat64(0) AS r1, toUInt64(1) AS l1,"
            + " toUInt64(0) AS p1 FROM {db}.`" + tooLateTable + "`"
            + " UNION ALL SELECT " + grainOfMinute + g + "c0 AS c1, r0 AS r1, toUInt64(0) AS l1, toUInt64(0) AS p1"
            + " FROM (" + latestBackfilled() + "))"
            + " GROUP BY " + grain + ", event, source)"
            + " ANY LEFT JOIN (SELECT " + grainOfHour + g + UserRollup.MERGE + " AS u"
            + " FROM {db}.`" + UserRollup.TABLE + "` GROUP BY " + grain + ", event, source) USING " + grain + ", event, source",
        grain, "event", "source", "count", "distinct_users", "revenue", "too_late_events", "provisional_minutes");
  }
}
