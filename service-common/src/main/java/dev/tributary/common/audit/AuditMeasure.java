package dev.tributary.common.audit;

/**
 * What a stage counts into the audit ledger, per received minute and source. The names are the
 * ledger's vocabulary: they are written to {@code audit_counts.measure} and read by the
 * reconciliation view, so a constant may be added but never renamed.
 *
 * <p>The balance the ledger proves, per minute and source:
 * {@code READ = CLEAN landed + DEAD_LETTERED landed + DUPLICATE}. {@link #REJECTED} and
 * {@link #TOO_LATE} are reported beside it and are not part of it: a rejected request never
 * reached Kafka, and a too-late event is still a clean event that lands (it only misses the
 * per-minute metrics).
 *
 * <p>Immutable and thread-safe.
 */
public enum AuditMeasure {
  /** A record the transform stage read from events.raw: what ingest accepted (answered 2xx for). */
  READ,
  /** An event the transform stage wrote to events.clean. */
  CLEAN,
  /** A record the transform stage wrote to events.dlq; the detail is the dead-letter reason. */
  DEAD_LETTERED,
  /** A copy of an already emitted event that the deduplicator dropped. */
  DUPLICATE,
  /** A request item the ingest service answered 4xx (never written to Kafka); the detail is the rule. */
  REJECTED,
  /** A clean event that arrived after its metrics minute closed: it lands, but misses the metrics. */
  TOO_LATE,
  /** A heartbeat with count 0: the reporter's watermark moved while it counted nothing new. */
  PROGRESS
}
