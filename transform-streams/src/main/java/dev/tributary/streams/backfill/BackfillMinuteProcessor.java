package dev.tributary.streams.backfill;

import dev.tributary.common.catalogue.BackfillTables;
import dev.tributary.events.MinuteMetric;
import dev.tributary.streams.metrics.EventSource;
import dev.tributary.streams.metrics.MinuteMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds each imported event to its minute's totals and identities, marks the minute pending, and every
 * {@code emitInterval} of wall-clock time emits one {@code backfilled} row per pending minute with
 * everything imported into it so far. See {@link BackfillMetrics} for why nothing here is ever final
 * or too late.
 *
 * <p><b>Versions.</b> A row's {@code updated_at} is its minute's count at emission: a minute is only
 * emitted after an event was added to it, so the count (and the version) strictly increases per key,
 * without a clock or a sequence to keep; the warehouse keeps the highest. Under exactly-once the
 * stores, the pending marks and the emitted rows commit together, so a restarted task neither loses
 * a pending minute nor emits a count it has not committed.
 *
 * <p>One instance per task (Kafka Streams calls the supplier per task); not thread-safe.
 */
final class BackfillMinuteProcessor extends ContextualProcessor<EventSource, BackfillSample, String, MinuteMetric> {

  private static final long MINUTE_MS = 60_000L;
  private static final byte[] MARK = new byte[0];

  private final Duration emitInterval;
  private KeyValueStore<Bytes, byte[]> state;
  private KeyValueStore<Bytes, byte[]> pending;

  BackfillMinuteProcessor(Duration emitInterval) {
    this.emitInterval = emitInterval;
  }

  @Override
  public void init(ProcessorContext<String, MinuteMetric> context) {
    super.init(context);
    state = context.getStateStore(BackfillMetrics.STATE_STORE);
    pending = context.getStateStore(BackfillMetrics.PENDING_STORE);
    context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::emitPending);
  }

  @Override
  public void process(Record<EventSource, BackfillSample> record) {
    BackfillSample sample = record.value();
    BackfillKey key = new BackfillKey(Math.floorDiv(sample.eventTime(), MINUTE_MS) * MINUTE_MS, record.key());
    Bytes user = key.user(sample.userHash());
    boolean newUser = state.get(user) == null;
    if (newUser) {
      state.put(user, MARK);
    }
    Bytes aggregate = key.aggregate();
    state.put(aggregate, BackfillAggregate.parse(state.get(aggregate)).add(sample, newUser).bytes());
    pending.put(key.prefix(), MARK);
  }

  /** Emits every pending minute, stamped with the wall-clock time (never the minute's: retention would drop it). */
  private void emitPending(long now) {
    List<Bytes> done = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        done.add(kv.key);
        forwardRow(BackfillKey.parsePrefix(kv.key), now);
      }
    }
    done.forEach(pending::delete);
  }

  private void forwardRow(BackfillKey key, long now) {
    BackfillAggregate totals = BackfillAggregate.parse(state.get(key.aggregate()));
    List<Long> hashes = new ArrayList<>((int) Math.min(totals.distinctUsers(), Integer.MAX_VALUE));
    try (KeyValueIterator<Bytes, byte[]> users = state.range(key.firstUser(), key.lastUser())) {
      users.forEachRemaining(kv -> hashes.add(BackfillKey.hashOf(kv.key)));
    }
    MinuteMetric row = MinuteMetric.newBuilder()
        .setMinuteStart(Instant.ofEpochMilli(key.minute()))
        .setEvent(key.group().event())
        .setSource(key.group().source())
        .setCount(totals.count())
        .setRevenue(totals.revenue())
        .setDistinctUsers(totals.distinctUsers())
        .setUserHashes(hashes)
        .setStatus(BackfillTables.STATUS)
        .setUpdatedAt(Instant.ofEpochMilli(totals.count()))
        .build();
    context().forward(new Record<>(MinuteMetrics.metricKey(key.group(), key.minute()), row, now));
  }
}
