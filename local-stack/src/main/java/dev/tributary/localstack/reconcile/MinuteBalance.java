package dev.tributary.localstack.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the reconciliation view {@code audit_reconciliation_v}: one received minute of one
 * source. Immutable value.
 *
 * @param minute start of the minute ingest received the events in (UTC)
 * @param source the source (write key); empty for records that could not be decoded
 * @param accepted records ingest accepted (the transform stage read them from events.raw)
 * @param cleanLanded rows of the events table
 * @param deadLanded rows of the dead_letters table
 * @param duplicates copies the transform stage dropped
 * @param rejected request items ingest answered 4xx (not part of the balance)
 * @param tooLate clean events received in the minute after their own (event-time) minute was final: in the
 *     events table like any other, counted in {@code metrics_too_late} instead of in {@code metrics_minute}'s
 *     count (not part of the balance)
 * @param gap accepted − (clean landed + dead landed + duplicates): positive = missing, negative = extra
 * @param cleanGap clean events the transform stage wrote − rows of the events table
 * @param deadGap dead letters the transform stage wrote − rows of the dead_letters table
 * @param closed whether every stage has reported past the minute
 * @param streamsLagSeconds how far the slowest transform task's watermark is behind now
 * @param sinkLagSeconds how far the latest loaded received time is behind now
 */
public record MinuteBalance(Instant minute, String source, long accepted, long cleanLanded, long deadLanded,
    long duplicates, long rejected, long tooLate, long gap, long cleanGap, long deadGap, boolean closed,
    long streamsLagSeconds, long sinkLagSeconds) {

  public MinuteBalance {
    Objects.requireNonNull(minute, "minute");
    Objects.requireNonNull(source, "source");
  }

  /** True when the minute does not balance. */
  public boolean unbalanced() {
    return gap != 0 || cleanGap != 0 || deadGap != 0;
  }
}
