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

  /** {@code INSERT ... SELECT} of the minute rows of every event in {@code database.events_v}. */
  public static String insert(String database) {
    return "INSERT INTO " + Sql.qualified(database, "metrics_minute") + " (minute, minute_ms, event, source, status,"
        + " count, distinct_users, revenue, user_hashes, updated_at_ms, _topic, _partition, _offset)"
        + " SELECT minute, toInt64(toUInt32(minute)) * 1000 AS minute_ms, event, source, 'final' AS status,"
        + " count() AS count, uniqExact(h) AS distinct_users, sum(ifNull(revenue, 0)) AS revenue,"
        + " arraySort(groupUniqArray(h)) AS user_hashes, toInt64(toUInt32(minute)) * 1000 + 180000 AS updated_at_ms,"
        + " " + Sql.literal(TOPIC) + " AS _topic, toInt32(0) AS _partition, toInt64(rowNumberInAllBlocks()) AS _offset"
        + " FROM (SELECT toStartOfMinute(timestamp) AS minute, event, source, revenue,"
        + " sipHash64(ifNull(user_id, anonymous_id)) AS h FROM " + Sql.qualified(database, "events_v") + ")"
        + " GROUP BY minute, event, source";
  }
}
