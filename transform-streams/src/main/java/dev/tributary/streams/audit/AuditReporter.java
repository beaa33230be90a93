package dev.tributary.streams.audit;

import dev.tributary.common.audit.AuditMeasure;
import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.events.AuditCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts every record the task reads ({@link AuditMeasure#READ}; or, for a reporter of its own
 * sub-topology such as the too-late one, the measure it is built for) and, every report interval of
 * wall-clock time, reports the task's pending counts (its own and those the other audit processors
 * of the task added) as {@link AuditCount} deltas, then clears them.
 *
 * <p><b>Exactly once.</b> The report, the clearing of the store and the counts behind them are in
 * one exactly-once transaction: a crash before the commit rolls all back (the records are read
 * again and counted again into the restored, uncleared store); after it, all hold. Reporting deltas
 * rather than running totals keeps the store to the counts of one interval, needs no retention
 * (a running total whose store entry was purged would restart at one and overwrite the true
 * total), and makes the ledger a plain sum.
 *
 * <p><b>Watermark.</b> Every report carries the task's progress: the latest received time it has
 * read (kept in memory: after a restart it restarts from the first record read, and the warehouse
 * keeps the maximum). A task whose partition is idle would hold back every minute's closing, so
 * when it has read nothing for {@link AuditLedger#IDLE_AFTER} of wall-clock time its watermark
 * moves to {@code now - IDLE_AFTER}: it claims to have read everything ingest received before
 * then, which holds as long as a record reaches the task within {@code IDLE_AFTER} of its receipt
 * (ingest answers within its produce timeout, or not at all). When the watermark crossed a minute
 * without any count to report, a {@link AuditMeasure#PROGRESS} row with count 0 carries it.
 *
 * <p>The reporter is the task's partition of events.raw, stable across restarts and rebalances.
 * One instance per task; not thread-safe.
 *
 * @param <V> the value type of the stream it reads
 */
final class AuditReporter<V> extends ContextualProcessor<String, V, String, AuditCount> {

  private final Function<V, AuditSubject> subjectOf;
  private final Duration interval;
  private final long idleAfterMs;
  private final String store;
  private final AuditMeasure counted;
  private final String stage;
  private final boolean heartbeats;
  private KeyValueStore<String, Long> pending;
  private AuditCounter reads;
  private long watermark = Long.MIN_VALUE;
  private long reportedWatermarkMinute = Long.MIN_VALUE;
  private long lastReadAt = Long.MIN_VALUE;

  /** The transform stage's reporter: counts reads into {@link AuditLedger#STORE}, with heartbeats. */
  AuditReporter(Function<V, AuditSubject> subjectOf, Duration interval, Duration idleAfter) {
    this(subjectOf, interval, idleAfter, AuditLedger.STORE, AuditMeasure.READ, AuditReconciliation.STREAMS_STAGE, true);
  }

  /**
   * @param store the task's pending-count store this reporter counts into and reports from
   * @param counted the measure every record it is given counts into
   * @param stage the {@code stage} of its reports; only {@link AuditReconciliation#STREAMS_STAGE}'s
   *     watermarks close minutes in the view
   * @param heartbeats whether a watermark that crossed a minute is reported without counts
   *     ({@link AuditMeasure#PROGRESS}); only useful to a stage whose progress closes minutes
   */
  AuditReporter(Function<V, AuditSubject> subjectOf, Duration interval, Duration idleAfter, String store,
      AuditMeasure counted, String stage, boolean heartbeats) {
    this.subjectOf = subjectOf;
    this.interval = interval;
    this.idleAfterMs = idleAfter.toMillis();
    this.store = store;
    this.counted = counted;
    this.stage = stage;
    this.heartbeats = heartbeats;
  }

  @Override
  public void init(ProcessorContext<String, AuditCount> context) {
    super.init(context);
    pending = context.getStateStore(store);
    reads = AuditCounter.open(context, store, counted);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::report);
    lastReadAt = context.currentSystemTimeMs();
  }

  @Override
  public void process(Record<String, V> record) {
    AuditSubject subject = subjectOf.apply(record.value());
    reads.count(subject);
    watermark = Math.max(watermark, subject.receivedAtMs());
    lastReadAt = context().currentSystemTimeMs();
  }

  private void report(long now) {
    if (now - lastReadAt >= idleAfterMs) {
      watermark = Math.max(watermark, now - idleAfterMs);
    }
    String reporter = Integer.toString(context().taskId().partition());
    List<KeyValue<String, Long>> cells = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = pending.all()) {
      it.forEachRemaining(cells::add);
    }
    for (KeyValue<String, Long> cell : cells) {
      forward(AuditCell.parse(cell.key), cell.value, reporter, now);
      pending.delete(cell.key);
    }
    long watermarkMinute = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : AuditCell.minuteOf(watermark);
    if (heartbeats && cells.isEmpty() && watermarkMinute > reportedWatermarkMinute) {
      forward(new AuditCell(watermarkMinute, AuditMeasure.PROGRESS, "", ""), 0L, reporter, now);
    }
    if (!cells.isEmpty() || watermarkMinute > reportedWatermarkMinute) {
      reportedWatermarkMinute = watermarkMinute;
    }
  }

  private void forward(AuditCell cell, long count, String reporter, long now) {
    AuditCount value = AuditCount.newBuilder()
        .setStage(stage)
        .setReporter(reporter)
        .setMinuteStart(Instant.ofEpochMilli(cell.minuteMs()))
        .setSource(cell.source())
        .setMeasure(cell.measure().name())
        .setDetail(cell.detail())
        .setCount(count)
        .setWatermark(Instant.ofEpochMilli(watermark == Long.MIN_VALUE ? cell.minuteMs() : watermark))
        .setReportedAt(Instant.ofEpochMilli(now))
        .build();
    context().forward(new Record<>(cell.topicKey(stage, reporter), value, now));
  }
}
