package dev.tributary.warehouse.metrics;

import dev.tributary.warehouse.schema.Sql;

/**
 * The final minute rows the streams stage emits for the events already in the warehouse, computed
 * by ClickHouse from {@code events_v}: one row per minute, event name and source, each event once,
 * distinct users as the same {@code sipHash64} of the identity that streams uses. For loading a
 * large synthetic history in the query benchmark and for tests that check the catalogue's metric
 * SQL over the rollups against the events themselves.
 *
 * <p>The rows carry {@code _topic = 'recomputed'}, so the sink's resume query (per topic and
 * partition) never mistakes them for loaded records, and a version one grace period past the
 * minute's end.
 *
 * <p>Pure (builds SQL); thread-safe.
 */
public final class RecomputedMinutes {

  /** {@code _topic} of recomputed rows. */
  public static final String TOPIC = "recomputed";

  private RecomputedMinutes() {}

  /** {@code INSERT ... SELECT} of the final minute rows of every event in {@code database.events_v}. */
  public static String insert(String database) {
    return "INSERT INTO " + Sql.qualified(database, "metrics_minute") + COLUMNS
        + " SELECT minute, toInt64(toUInt32(minute)) * 1000 AS minute_ms, event, source, 'final' AS status,"
        + " count() AS count, uniqExact(h) AS distinct_users, sum(ifNull(revenue, 0)) AS revenue,"
        + " arraySort(groupUniqArray(h)) AS user_hashes, toInt64(toUInt32(minute)) * 1000 + 180000 AS updated_at_ms,"
        + " " + Sql.literal(TOPIC) + " AS _topic, toInt32(0) AS _partition, toInt64(rowNumberInAllBlocks()) AS _offset"
        + " FROM (SELECT toStartOfMinute(timestamp) AS minute, event, source, revenue,"
        + " sipHash64(ifNull(user_id, anonymous_id)) AS h FROM " + Sql.qualified(database, "events_v") + ")"
        + " GROUP BY minute, event, source";
  }

  /**
   * {@code INSERT ... SELECT} of one earlier, provisional version of every final row already in
   * {@code database.metrics_minute}: half its count and revenue and the first half of its identities,
   * one minute of stream time older. Run before the final rows are superseded by merges, it gives the
   * table the shape it has under live traffic (every key emitted provisionally first), which costs
   * readers of unmerged versions what it costs in production.
   */
  public static String insertEarlierVersions(String database) {
    return "INSERT INTO " + Sql.qualified(database, "metrics_minute") + COLUMNS
        + " SELECT minute, minute_ms, event, source, 'provisional' AS status, intDiv(count, 2) AS count,"
        + " length(hs) AS distinct_users, revenue / 2 AS revenue, arraySlice(user_hashes, 1,"
        + " intDiv(length(user_hashes) + 1, 2)) AS hs, updated_at_ms - 60000 AS updated_at_ms, _topic, _partition,"
        + " _offset FROM " + Sql.qualified(database, "metrics_minute") + " WHERE status = 'final'"
        + " AND _topic = " + Sql.literal(TOPIC);
  }

  private static final String COLUMNS = " (minute, minute_ms, event, source, status, count, distinct_users, revenue,"
      + " user_hashes, updated_at_ms, _topic, _partition, _offset)";
}
