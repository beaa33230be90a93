package dev.tributary.streams.topology;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops copies of an event the pipeline already emitted: clients retry requests that got no 2xx
 * (timeouts, 503s) with the same {@code event_id}, so the ingest service may write one event to
 * the raw topic several times. Without this, each copy would become a clean event and a metric
 * sample.
 *
 * <p><b>Rule.</b> A record whose event id was emitted within the dedupe window (measured between
 * record timestamps, in either direction, so copies written by ingest instances with slightly
 * different clocks are caught) is a duplicate and is dropped, except when the earlier copy was
 * dead-lettered and this one is clean: that is a replay of a dead letter after a fix, and must
 * land. So an id reaches the clean topic at most once per window, and the dead letter queue at most
 * once (a poison record retried by its client gives one dead letter, not one per retry). Records
 * that could not be decoded have no id and always go to the dead letter queue. It runs after
 * normalisation, not before, because only then does it know which of the two outcomes a copy gets;
 * normalising a rare duplicate before dropping it costs one JSON parse.
 *
 * <p><b>Store.</b> A persistent (RocksDB) window store, {@code event id → what was emitted}, with
 * the window start = the record timestamp of the copy that was emitted, and window size = retention
 * = the dedupe window (the shape of Confluent's event-deduplication example). It stays bounded
 * and fast: the store drops whole time segments once stream time passes them, with no scan
 * (a key-value store purged by a punctuator would rescan millions of ids every interval), so it
 * holds at most about 1.5 windows of ids, on disk rather than on the heap; a lookup is one short
 * range read per live segment. Its changelog is compacted and deleted after the window (plus
 * {@code dedupe.changelog.extra.retention.ms}, see {@link DedupeRetention}), so it stays bounded too. Only record
 * timestamps and stream time are used, never the wall clock, so the result is deterministic.
 *
 * <p><b>Partitioning assumption.</b> The raw topic is keyed by identity (user_id, else
 * anonymous_id), so every copy of one event lands in the same partition and task, which owns the
 * ids it has seen: no repartition is needed. A retry that changes identity (the client learned the
 * user_id between two attempts) lands in another partition and is NOT caught here; the warehouse's
 * ReplacingMergeTree keyed on the event id is the backstop for that case.
 *
 * <p><b>Exactly once.</b> Under {@code exactly_once_v2} the store's changelog writes, the output
 * records and the input offsets commit in one transaction: a crash either loses all three (the
 * record is reprocessed against the restored store, which does not yet hold its id) or keeps all
 * three, so the application can never forget an id whose event it already emitted.
 *
 * <p>Duplicates are logged at DEBUG and counted in the Kafka Streams metric
 * {@code stream-tributary-dedupe-metrics / duplicates-total} (and {@code duplicates-rate}), per
 * stream thread. The window is the explicit lookup range; the store's retention only bounds its
 * size and expires whole segments, so a copy arriving more than a window behind stream time may
 * find its original already expired and pass through.
 *
 * <p>Each dropped copy is also handed to the duplicate observer, which the audit ledger uses to count
 * duplicates per received minute and source.
 *
 * <p>One instance per task (Kafka Streams calls the supplier per task); not thread-safe.
 */
final class EventDeduplicator extends ContextualFixedKeyProcessor<String, Routed, Routed> {

  static final String METRIC_SCOPE = "tributary-dedupe";
  static final String METRIC_OPERATION = "duplicates";

  private static final Logger log = LoggerFactory.getLogger(EventDeduplicator.class);

  private final String storeName;
  private final String processorName;
  private final long windowMs;
  private final Function<ProcessingContext, Consumer<Routed>> observerFactory;
  private WindowStore<String, EmittedAs> store;
  private Sensor duplicates;
  private Consumer<Routed> observer;

  EventDeduplicator(String storeName, String processorName, Duration window) {
    this(storeName, processorName, window, context -> dropped -> { });
  }

  /**
   * @param observerFactory opened once per task in {@code init} (so it may use the task's stores);
   *     the consumer it returns is told about every dropped copy
   */
  EventDeduplicator(String storeName, String processorName, Duration window,
      Function<ProcessingContext, Consumer<Routed>> observerFactory) {
    this.storeName = storeName;
    this.processorName = processorName;
    this.windowMs = window.toMillis();
    this.observerFactory = observerFactory;
  }

  /**
   * The changelogged window store this processor needs, named {@code storeName}; its changelog rolls
   * a log segment every {@link DedupeRetention#changelogSegment()}, so that the broker can delete
   * expired ids soon after the retention instead of after Kafka's default week (a restore reads them all).
   */
  static StoreBuilder<WindowStore<String, EmittedAs>> storeBuilder(String storeName, Duration window) {
    return Stores.windowStoreBuilder(Stores.persistentWindowStore(storeName, window, window, false),
        Serdes.String(), EmittedAs.serde())
        .withLoggingEnabled(Map.of(TopicConfig.SEGMENT_MS_CONFIG,
            Long.toString(DedupeRetention.changelogSegment(window).toMillis())));
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Routed> context) {
    super.init(context);
    store = context.getStateStore(storeName);
    // one sensor per stream thread, shared by its tasks (Kafka Streams reuses it by name)
    duplicates = context.metrics().addRateTotalSensor(METRIC_SCOPE, processorName,
        METRIC_OPERATION, Sensor.RecordingLevel.INFO);
    observer = observerFactory.apply(context);
  }

  @Override
  public void process(FixedKeyRecord<String, Routed> record) {
    Routed routed = record.value();
    EmittedAs outcome = routed instanceof Routed.Clean ? EmittedAs.CLEAN : EmittedAs.DEAD_LETTER;
    String eventId = eventId(routed);
    if (eventId == null) {
      context().forward(record);
      return;
    }
    long timestamp = record.timestamp();
    KeyValue<Long, EmittedAs> earlier = earlierEmission(eventId, timestamp, outcome);
    if (earlier != null) {
      duplicates.record();
      observer.accept(routed);
      if (log.isDebugEnabled()) {
        RecordMetadata m = context().recordMetadata().orElse(null);
        log.debug("Dropping duplicate of event {} at {}-{}@{}: emitted as {} at {} (record time {})", eventId,
            m == null ? "?" : m.topic(), m == null ? -1 : m.partition(), m == null ? -1 : m.offset(),
            earlier.value, earlier.key, timestamp);
      }
      return;
    }
    store.put(eventId, outcome, timestamp);
    context().forward(record);
  }

  /**
   * The earlier emission within the window that makes this copy a duplicate, or null. A clean
   * copy is a duplicate only of a clean emission; a dead letter is a duplicate of either.
   */
  private KeyValue<Long, EmittedAs> earlierEmission(String eventId, long timestamp, EmittedAs outcome) {
    long from = timestamp - windowMs < 0 ? 0 : timestamp - windowMs + 1;
    long to = timestamp > Long.MAX_VALUE - windowMs ? Long.MAX_VALUE : timestamp + windowMs - 1;
    try (WindowStoreIterator<EmittedAs> it = store.fetch(eventId, from, to)) {
      while (it.hasNext()) {
        KeyValue<Long, EmittedAs> seen = it.next();
        if (outcome == EmittedAs.DEAD_LETTER || seen.value == EmittedAs.CLEAN) {
          return seen;
        }
      }
    }
    return null;
  }

  private static String eventId(Routed routed) {
    if (routed instanceof Routed.Clean clean) {
      return clean.event().getEventId();
    }
    return ((Routed.Dead) routed).letter().getEventId();
  }
}
