package dev.tributary.streams.audit;

import dev.tributary.common.audit.AuditMeasure;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds one record to a measure of the task's pending counts ({@link AuditLedger#STORE}). The store
 * is changelogged and written in the task's exactly-once transaction, together with the record's
 * output and input offset, so a count is never lost nor doubled by a crash or a rebalance.
 *
 * <p>One instance per processor per task; not thread-safe.
 */
public final class AuditCounter {

  private final KeyValueStore<String, Long> pending;
  private final AuditMeasure measure;

  private AuditCounter(KeyValueStore<String, Long> pending, AuditMeasure measure) {
    this.pending = pending;
    this.measure = Objects.requireNonNull(measure, "measure");
  }

  /**
   * The counter of {@code measure} for the task of {@code context}, whose processor must be
   * connected to {@link AuditLedger#STORE}.
   */
  public static AuditCounter open(ProcessingContext context, AuditMeasure measure) {
    return open(context, AuditLedger.STORE, measure);
  }

  /** The counter of {@code measure} into the pending-count store {@code store} of the task of {@code context}. */
  static AuditCounter open(ProcessingContext context, String store, AuditMeasure measure) {
    return new AuditCounter(context.getStateStore(store), measure);
  }

  /** Counts one record. */
  public void count(AuditSubject subject) {
    String key = AuditCell.of(measure, subject).storeKey();
    Long before = pending.get(key);
    pending.put(key, before == null ? 1L : before + 1);
  }
}
