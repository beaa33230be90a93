package dev.tributary.streams.backfill;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.MinuteMetric;
import dev.tributary.streams.metrics.EventSource;
import dev.tributary.streams.metrics.MinuteMetrics;
import dev.tributary.streams.topology.Topic;
import dev.tributary.streams.topology.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
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
 * The per-minute metrics of imported history: clean events marked {@code backfill} (sent through
 * {@code POST /v1/import}, e.g. by {@code bin/tributary import}) are taken off the live metrics
 * ({@link MinuteMetrics}) and their minutes recomputed apart, as {@code backfilled} rows of
 * {@code metrics.backfill} (table {@code metrics_minute_backfill}, added to the live rows by the metric views).
 *
 * <pre>
 * clean → backfill-route → backfill-route-live → (returned: the live metrics)
 *                        ↘ backfill-route-imported → backfill-key-by-event-source
 *   → [backfill-by-event-source repartition] → backfill-minute (stores backfill-minute-state-store,
 *   backfill-minute-pending-store) → backfill-sink
 * </pre>
 *
 * <p><b>Why apart.</b> History arrives with event times long past: the live metrics would judge every
 * imported event too late (its minute final for ages) and count it as a correction. Counted apart,
 * an imported event never touches a live minute's row and is never too late; a minute of history is
 * the recomputation of every event imported into it. A backfilled minute has no grace period and
 * never becomes final: an import that adds to it later (a second file, a resumed import) updates
 * its row, whose version is the minute's count ({@link BackfillMinuteProcessor}). Rows are emitted
 * every {@code emitInterval} of wall-clock time for the minutes that changed, so a file of a million
 * lines over a thousand minutes makes about a thousand rows per interval, not a million.
 *
 * <p><b>Known limit.</b> The state keeps every backfilled minute with its identity hashes (about
 * 30 bytes per distinct identity per minute, event name and source) for as long as the application
 * lives, so that a later import recomputes the minute instead of replacing it with its own part.
 *
 * <p>Pure builder; stateless and thread-safe.
 */
public final class BackfillMetrics {

  /** The repartition by event name and source: {@code <application.id>-backfill-by-event-source-repartition}. */
  public static final String REPARTITION = "backfill-by-event-source";
  /** Totals and identity hashes of every backfilled minute (see {@link BackfillKey}). */
  public static final String STATE_STORE = "backfill-minute-state-store";
  /** The minutes changed since their last row. */
  public static final String PENDING_STORE = "backfill-minute-pending-store";
  /** The processor that recomputes the backfilled minutes. */
  public static final String PROCESSOR = "backfill-minute";

  private BackfillMetrics() {}

  /**
   * Sends the imported events of {@code clean} to the backfill metrics and returns the others, for
   * the live metrics.
   *
   * @param emitInterval how often (wall clock) the changed backfilled minutes are emitted
   */
  public static KStream<String, CleanEvent> divert(KStream<String, CleanEvent> clean, Topics topics,
      Duration emitInterval) {
    if (emitInterval.isNegative() || emitInterval.isZero()) {
      throw new IllegalArgumentException("the backfill emit interval must be positive: " + emitInterval);
    }
    Map<String, KStream<String, CleanEvent>> routes = clean
        .split(Named.as("backfill-route"))
        .branch((key, event) -> Boolean.TRUE.equals(event.getBackfill()), Branched.as("-imported"))
        .defaultBranch(Branched.as("-live"));
    Topic<String, MinuteMetric> backfill = topics.output(Datasets.METRICS_BACKFILL);
    routes.get("backfill-route-imported")
        .map((key, event) -> KeyValue.pair(new EventSource(event.getEvent(), event.getSource()), BackfillSample.of(event)),
            Named.as("backfill-key-by-event-source"))
        .repartition(Repartitioned.with(EventSource.serde(), BackfillSample.serde()).withName(REPARTITION))
        .process(supplier(emitInterval), Named.as(PROCESSOR))
        .to(backfill.name(), Produced.with(backfill.key(), backfill.value()).withName("backfill-sink"));
    return routes.get("backfill-route-live");
  }

  private static ProcessorSupplier<EventSource, BackfillSample, String, MinuteMetric> supplier(Duration emitInterval) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<EventSource, BackfillSample, String, MinuteMetric> get() {
        return new BackfillMinuteProcessor(emitInterval);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(store(STATE_STORE), store(PENDING_STORE));
      }
    };
  }

  private static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
        .withCachingEnabled();
  }
}
