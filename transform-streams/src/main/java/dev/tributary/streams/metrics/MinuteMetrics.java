package dev.tributary.streams.metrics;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.events.AuditCount;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
import dev.tributary.streams.audit.AuditLedger;
import dev.tributary.streams.audit.AuditSubject;
import dev.tributary.streams.topology.Topic;
import dev.tributary.streams.topology.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The per-minute metrics: for each event-time minute, event name and source (write key), the
 * count, the exact distinct users (the set of their 64-bit {@link IdentityHash}es) and the revenue,
 * as rows of {@code metrics.minute} with a status, and the events that came too late for them in
 * {@code metrics.too-late}.
 *
 * <pre>
 * clean → metrics-key-by-event-source (event time, EventSource key, MetricSample)
 *   → [metrics-by-event-source repartition] → metrics-minute (stores metrics-minute-state-store,
 *   metrics-minute-clock-store) → metrics-route → metrics-route-row → metrics-sink
 *                                               ↘ metrics-route-too-late → metrics-too-late-sink
 * </pre>
 *
 * <p><b>Rules.</b> Stream time is the highest event time the task has processed. A minute is
 * <em>final</em> once stream time ≥ its end + {@code grace}: its final row is emitted then, exactly
 * once, and the minute is forgotten. An event whose minute is final is <em>too late</em>: it goes to
 * {@code metrics.too-late} (one record per event, counted in the warehouse) and changes nothing
 * else; every other event counts into its minute (late ones within grace too). Until a minute is
 * final it is <em>provisional</em>: a row is emitted for every minute that changed, whenever stream
 * time enters a new {@code provisionalInterval}, and every {@code provisionalInterval} of wall-clock
 * time for changes that did not move stream time (so at most about two provisional rows per key per
 * interval instead of one per event, which was most of the cost of the old DSL aggregate's
 * output). Every row's version ({@code updated_at}) is the stream time at emission: versions of a
 * key never decrease, and the final row's is strictly the highest (finalising needs stream time to
 * move past every earlier emission). Final rows, versions and too-late events depend on the order
 * of the input only, never on the wall clock, so a replay gives identical final rows; only the
 * number and timing of provisional rows can differ.
 *
 * <p><b>Why a processor, not a DSL window + suppress.</b> The judgement "too late" and the
 * finalisation must be made by the same task against the same stream time, or an event could be
 * left out of the final row and out of the corrections (or be in both). A windowed aggregate drops
 * records past grace inside the window store without handing them on (they only show up in a
 * dropped-records metric), and {@code suppress(untilWindowCloses)} decides closing in another node
 * with its own buffer, on wall clock neither. The processor also keeps each minute's identities as
 * one small key per hash instead of rewriting a growing set per event, and emits provisional rows
 * less often than per event.
 *
 * <p><b>Known limits.</b> (1) Stream time only advances with records of the task's own partition:
 * a partition that stops receiving events (a quiet event name and source hash to it) never
 * finalises its last minutes, which stay provisional until its next event. Nothing deterministic
 * can do better (a wall-clock punctuation would make the final rows depend on timing); with many
 * event names per partition and traffic around the clock the delay is short, and an operator can
 * flush with one event of any name hashing to that partition. (2) One row carries all identity
 * hashes of its minute (about 9 bytes each in Avro): a minute of one event name and source with
 * more than about 100,000 distinct users exceeds the default 1 MB record limit and stops the
 * application (it never drops it): raise {@code max.message.bytes} on {@code metrics.minute} and
 * {@code streams.producer.max.request.size} for such traffic.
 *
 * <p>Pure builder; stateless and thread-safe.
 */
public final class MinuteMetrics {

  /** The repartition by event name and source: {@code <application.id>-metrics-by-event-source-repartition}. */
  public static final String REPARTITION = "metrics-by-event-source";
  /** Aggregates and identity hashes of the open minutes (see {@link MinuteKey}). */
  public static final String STATE_STORE = "metrics-minute-state-store";
  /** The task's stream time and the last provisional interval emitted. */
  public static final String CLOCK_STORE = "metrics-minute-clock-store";
  /** The processor that counts, finalises and judges lateness. */
  public static final String PROCESSOR = "metrics-minute";

  private MinuteMetrics() {}

  /**
   * Adds the metrics to the topology {@code clean} belongs to.
   *
   * @param grace how long after a minute's end (in stream time) late events still count into it
   * @param provisionalInterval emit provisional rows when stream time enters a new interval of this length
   */
  public static void build(KStream<String, CleanEvent> clean, Topics topics, Duration grace,
      Duration provisionalInterval) {
    build(clean, topics, grace, provisionalInterval, false);
  }

  /**
   * Adds the metrics; when {@code audited}, the too-late events are also counted into the audit
   * ledger ({@link AuditLedger#reportTooLate}: per received minute and source, in this task).
   */
  public static void build(KStream<String, CleanEvent> clean, Topics topics, Duration grace,
      Duration provisionalInterval, boolean audited) {
    Topic<String, MinuteMetric> metrics = topics.output(Datasets.METRICS_MINUTE);
    Topic<String, TooLateEvent> tooLate = topics.output(Datasets.METRICS_TOO_LATE);
    Map<String, KStream<String, MinuteOutput>> outputs = clean
        .process(EventTimeStamper::new, Named.as("metrics-key-by-event-source"))
        .repartition(Repartitioned.with(EventSource.serde(), MetricSample.serde()).withName(REPARTITION))
        .process(supplier(grace, provisionalInterval), Named.as(PROCESSOR))
        .split(Named.as("metrics-route"))
        .branch((key, out) -> out instanceof MinuteOutput.Row, Branched.as("-row"))
        .defaultBranch(Branched.as("-too-late"));
    outputs.get("metrics-route-row")
        .mapValues(out -> ((MinuteOutput.Row) out).metric(), Named.as("metrics-row-unwrap"))
        .to(metrics.name(), Produced.with(metrics.key(), metrics.value()).withName("metrics-sink"));
    KStream<String, MinuteOutput> late = outputs.get("metrics-route-too-late");
    late.mapValues(out -> ((MinuteOutput.Late) out).event(), Named.as("metrics-too-late-unwrap"))
        .to(tooLate.name(), Produced.with(tooLate.key(), tooLate.value()).withName("metrics-too-late-sink"));
    if (audited) {
      Topic<String, AuditCount> audit = topics.output(Datasets.AUDIT);
      AuditLedger.reportTooLate(late, out -> {
        MinuteOutput.Late l = (MinuteOutput.Late) out;
        return AuditSubject.of(l.receivedAtMs(), l.event().getSource());
      }).to(audit.name(), Produced.with(audit.key(), audit.value()).withName("audit-too-late-sink"));
    }
  }

  /** {@code metrics.minute} key of one minute, event name and source: {@code <event>@<source>@<minute_start epoch ms>}. */
  public static String metricKey(EventSource group, long minuteStart) {
    return group.event() + "@" + group.source() + "@" + minuteStart;
  }

  private static ProcessorSupplier<EventSource, MetricSample, String, MinuteOutput> supplier(Duration grace,
      Duration provisionalInterval) {
    if (grace.isNegative() || provisionalInterval.isNegative() || provisionalInterval.isZero()) {
      throw new IllegalArgumentException("metrics grace must not be negative and the provisional interval must be"
          + " positive: " + grace + ", " + provisionalInterval);
    }
    return new ProcessorSupplier<>() {
      @Override
      public Processor<EventSource, MetricSample, String, MinuteOutput> get() {
        return new MinuteMetricsProcessor(grace.toMillis(), provisionalInterval.toMillis());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> state = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STATE_STORE), Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled();
        StoreBuilder<KeyValueStore<String, Long>> clock = Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CLOCK_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled();
        return Set.of(state, clock);
      }
    };
  }
}
