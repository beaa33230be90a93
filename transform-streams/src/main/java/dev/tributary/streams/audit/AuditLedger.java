package dev.tributary.streams.audit;

import dev.tributary.common.audit.AuditMeasure;
import dev.tributary.events.AuditCount;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The transform stage's part of the audit ledger (see {@code docs/AUDIT.md}), as pieces the
 * pipeline topology plugs in where records are read, routed and dropped: every piece adds to one
 * per-task store of pending counts, keyed by (received minute, measure, detail, source), which
 * {@link #report} emits as {@link AuditCount} deltas every {@link #REPORT_INTERVAL}. No
 * repartition and no output record per input record: one record per changed cell per interval.
 *
 * <p>Every piece lives in the sub-topology that reads events.raw, so the store is the task's own
 * and its changelog commits in the task's exactly-once transaction.
 *
 * <p>Stateless and thread-safe; the processors it supplies are per task.
 */
public final class AuditLedger {

  /** The pending-count store, {@code cell → count since the last report}; changelogged. */
  public static final String STORE = "audit-pending-store";
  /** The processor that counts reads and reports. */
  public static final String REPORTER = "audit-report";
  /**
   * The pending-count store of the too-late reporter, in the metrics sub-topology (after its
   * repartition, a task of its own, so not {@link #STORE}); changelogged.
   */
  public static final String TOO_LATE_STORE = "audit-too-late-pending-store";
  /** The processor that counts too-late events and reports them. */
  public static final String TOO_LATE_REPORTER = "audit-report-too-late";
  /**
   * The {@code stage} of the too-late reports: the metrics sub-topology's tasks read a repartition
   * topic, not events.raw, so their watermarks must not take part in the transform stage's progress
   * (the view's {@code streams_progress_ms} reads only {@code transform-streams} rows).
   */
  public static final String TOO_LATE_STAGE = "transform-streams/metrics";
  /**
   * How often (wall clock) a task reports its pending counts. Short enough that the ledger is
   * about as fresh as the data; long enough that a busy cell is one row per interval, not per event.
   */
  public static final Duration REPORT_INTERVAL = Duration.ofSeconds(5);

  /**
   * How long a task must have read nothing before its watermark follows the wall clock (minus this
   * much): longer than a record takes from its receipt by ingest to the task, so an idle partition
   * closes minutes without claiming a record it has yet to read.
   */
  public static final Duration IDLE_AFTER = Duration.ofSeconds(60);

  private AuditLedger() {}

  /** Adds the pending-count store to {@code builder}; call once before the other pieces. */
  public static void addStore(StreamsBuilder builder) {
    builder.addStateStore(pendingStore(STORE));
  }

  private static StoreBuilder<KeyValueStore<String, Long>> pendingStore(String name) {
    // cached: two counters touch it per record; the cache turns that into one changelog write per cell per commit
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long())
        .withCachingEnabled();
  }

  /**
   * Counts every record of {@code read} as {@link AuditMeasure#READ} and returns the stream of the
   * task's reports, to be written to the audit topic. {@code read} must be the stream as read from
   * events.raw (one record per raw record).
   */
  public static <V> KStream<String, AuditCount> report(KStream<String, V> read,
      Function<V, AuditSubject> subjectOf, Duration interval) {
    return read.process(() -> new AuditReporter<>(subjectOf, interval, IDLE_AFTER), Named.as(REPORTER), STORE);
  }

  /**
   * Counts every record of {@code tooLate} (events the per-minute metrics judged too late) as
   * {@link AuditMeasure#TOO_LATE} into {@link #TOO_LATE_STORE} and returns that store's reports
   * ({@link #TOO_LATE_STAGE}, reporter = the task's partition, no heartbeats), to be written to the
   * audit topic. Stores and judgement are the metrics task's: one exactly-once transaction.
   */
  public static <V> KStream<String, AuditCount> reportTooLate(KStream<String, V> tooLate,
      Function<V, AuditSubject> subjectOf) {
    return tooLate.process(new ProcessorSupplier<String, V, String, AuditCount>() {
      @Override
      public Processor<String, V, String, AuditCount> get() {
        return new AuditReporter<>(subjectOf, REPORT_INTERVAL, IDLE_AFTER, TOO_LATE_STORE, AuditMeasure.TOO_LATE,
            TOO_LATE_STAGE, false);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(pendingStore(TOO_LATE_STORE));
      }
    }, Named.as(TOO_LATE_REPORTER));
  }

  /**
   * {@code stream} with each record counted into {@code measure} ({@link #count}, named
   * {@link #named}) when {@code enabled}; {@code stream} itself otherwise (the ledger switched off).
   */
  public static <V> KStream<String, V> counted(KStream<String, V> stream, AuditMeasure measure,
      Function<V, AuditSubject> subjectOf, boolean enabled) {
    return enabled ? stream.processValues(count(measure, subjectOf), named(measure), STORE) : stream;
  }

  /**
   * A pass-through processor that counts each record into {@code measure}; name it
   * {@code audit-<measure>} and connect it to {@link #STORE}.
   */
  public static <V> FixedKeyProcessorSupplier<String, V, V> count(AuditMeasure measure,
      Function<V, AuditSubject> subjectOf) {
    return () -> new ContextualFixedKeyProcessor<>() {
      private AuditCounter counter;

      @Override
      public void init(FixedKeyProcessorContext<String, V> context) {
        super.init(context);
        counter = AuditCounter.open(context, measure);
      }

      @Override
      public void process(FixedKeyRecord<String, V> record) {
        counter.count(subjectOf.apply(record.value()));
        context().forward(record);
      }
    };
  }

  /** The conventional name of the counting processor of {@code measure}, e.g. {@code audit-clean}. */
  public static Named named(AuditMeasure measure) {
    return Named.as("audit-" + measure.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
