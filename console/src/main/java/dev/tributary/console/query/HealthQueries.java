package dev.tributary.console.query;

import java.util.Objects;

/**
 * The queries of the data-health page: the audit reconciliation per received minute (accepted
 * versus landed, the gap, whether the minute is closed, and how far each stage lags), and the dead
 * letters by reason with one sample payload each, and the requests the ingest service refused at the door per
 * rule and source.
 *
 * <p>Pure; immutable; thread-safe.
 */
public final class HealthQueries {

  /** Bytes of a sample payload shown at most. */
  public static final int SAMPLE_BYTES = 2_000;

  private final ConsoleViews views;

  public HealthQueries(ConsoleViews views) {
    this.views = Objects.requireNonNull(views, "views");
  }

  /** Per received minute in {@code range}, all sources together. */
  public ConsoleQuery reconciliation(TimeRange range) {
    return ConsoleQuery.of("health.reconciliation", "SELECT toUInt32(minute) AS t, sum(accepted) AS accepted_total,"
        + " sum(clean_landed) AS clean, sum(dead_landed) AS dead, sum(duplicates) AS dups,"
        + " sum(rejected_at_door) AS rejected, sum(gap) AS gap_total, min(closed) AS all_closed,"
        + " max(streams_lag_s) AS streams_lag, max(sink_lag_s) AS sink_lag FROM " + views.reconciliation()
        + " WHERE minute >= toDateTime(?) AND minute < toDateTime(?) GROUP BY minute ORDER BY minute",
        range.from(), range.to());
  }

  /** Dead letters that failed in {@code range}, per reason: how many, the latest, and its detail and payload. */
  public ConsoleQuery deadLetters(TimeRange range) {
    return ConsoleQuery.of("health.dead_letters", "SELECT reason, count() AS letters,"
        + " toUInt32(max(failed_at)) AS last_failed_t, argMax(detail, failed_at_ms) AS sample_detail,"
        + " substring(argMax(raw_payload, failed_at_ms), 1, ?) AS sample_payload FROM " + views.deadLetters()
        + " WHERE failed_at >= toDateTime(?) AND failed_at < toDateTime(?) GROUP BY reason ORDER BY letters DESC, reason",
        new SqlParam.Int(SAMPLE_BYTES), range.from(), range.to());
  }

  /**
   * Ingest rejections received in {@code range}, per rule and source ({@code audit_rejections_v}), with the
   * latest minute each was seen in.
   */
  public ConsoleQuery rejections(TimeRange range) {
    return ConsoleQuery.of("health.rejections", "SELECT rule, source, sum(rejected) AS rejected,"
        + " toUInt32(max(minute)) AS last_t FROM " + views.rejections()
        + " WHERE minute >= toDateTime(?) AND minute < toDateTime(?)"
        + " GROUP BY rule, source ORDER BY rejected DESC, rule, source", range.from(), range.to());
  }
}
