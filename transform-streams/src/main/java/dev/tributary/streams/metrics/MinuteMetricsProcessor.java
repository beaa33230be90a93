package dev.tributary.streams.metrics;

import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
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
 * Counts events per minute, event name and source, emits provisional rows at most once per
 * {@code provisionalInterval} of stream time, finalises each minute exactly once, and sends events
 * that arrive after their minute was final to the corrections instead of changing the final row.
 * See {@link MinuteMetrics} for the rules and why this is a processor rather than a DSL window.
 *
 * <p><b>Stream time</b> is the highest record timestamp (event time) this task has processed,
 * kept in the clock store so that a restarted task (restored from the changelogs, under
 * exactly-once together with the input offsets) continues from exactly where it committed. What
 * is final, what is too late, the final rows and every version are functions of the order of the
 * records in the task's partition only, so a replay gives identical final rows and corrections.
 * The one use of the wall clock is a punctuation every {@code provisionalInterval} that emits
 * minutes changed without stream time moving (late events, a quiet partition): it only adds
 * provisional rows (versioned with the unchanged stream time, so a version can repeat among
 * provisional rows of a key, and the later one in the topic wins), never finalises.
 *
 * <p>One instance per task (Kafka Streams calls the supplier per task); not thread-safe.
 */
final class MinuteMetricsProcessor extends ContextualProcessor<EventSource, MetricSample, String, MinuteOutput> {

  static final String PROVISIONAL = "provisional";
  static final String FINAL = "final";
  private static final String STREAM_TIME = "stream-time";
  private static final String PROVISIONAL_SLOT = "provisional-slot";
  private static final long MINUTE_MS = 60_000L;

  private final long graceMs;
  private final long provisionalIntervalMs;
  private KeyValueStore<Bytes, byte[]> state;
  private KeyValueStore<String, Long> clock;
  private long streamTime;
  private long provisionalSlot;
  /** Minutes up to this start have been finalised (in memory: after a restart, the first advance rescans once). */
  private long finalisedUpTo = Long.MIN_VALUE;

  MinuteMetricsProcessor(long graceMs, long provisionalIntervalMs) {
    this.graceMs = graceMs;
    this.provisionalIntervalMs = provisionalIntervalMs;
  }

  @Override
  public void init(ProcessorContext<String, MinuteOutput> context) {
    super.init(context);
    state = context.getStateStore(MinuteMetrics.STATE_STORE);
    clock = context.getStateStore(MinuteMetrics.CLOCK_STORE);
    Long time = clock.get(STREAM_TIME);
    Long slot = clock.get(PROVISIONAL_SLOT);
    streamTime = time == null ? Long.MIN_VALUE : time;
    provisionalSlot = slot == null ? Long.MIN_VALUE : slot;
    // changes that did not move stream time (late events, a quiet partition) would otherwise wait
    // for the next record that does; this flush only emits provisional rows, versioned by stream time
    context.schedule(Duration.ofMillis(provisionalIntervalMs), PunctuationType.WALL_CLOCK_TIME,
        now -> emitChangedMinutes());
  }

  @Override
  public void process(Record<EventSource, MetricSample> record) {
    long t = record.timestamp();
    long minute = Math.floorDiv(t, MINUTE_MS) * MINUTE_MS;
    // t < its minute's end, so t itself never closes its own minute: judging against the stream
    // time before or after this record gives the same answer
    if (isFinal(minute)) {
      forwardTooLate(record.key(), minute, record.value());
    } else {
      add(record.key(), minute, record.value());
    }
    if (t > streamTime) {
      advance(t);
    }
  }

  /** Whether {@code minute} was finalised: stream time reached its end plus the grace period. */
  private boolean isFinal(long minute) {
    return streamTime != Long.MIN_VALUE && minute <= streamTime - MINUTE_MS - graceMs;
  }

  private void add(EventSource group, long minute, MetricSample sample) {
    Bytes aggregateKey = MinuteKey.aggregate(minute, group).bytes();
    Bytes userKey = MinuteKey.user(minute, group, sample.userHash()).bytes();
    byte[] stored = state.get(aggregateKey);
    MinuteState before = stored == null ? MinuteState.EMPTY : MinuteState.parse(stored);
    boolean newUser = state.get(userKey) == null;
    if (newUser) {
      state.put(userKey, new byte[0]);
    }
    state.put(aggregateKey, before.add(sample, newUser).bytes());
  }

  private void advance(long newStreamTime) {
    streamTime = newStreamTime;
    clock.put(STREAM_TIME, streamTime);
    // scan only when another minute closes, not on every event that moves stream time: no event
    // can add to a closed minute (it is too late), so there is nothing new to finalise before that
    long lastClosed = Math.floorDiv(streamTime - MINUTE_MS - graceMs, MINUTE_MS) * MINUTE_MS;
    if (lastClosed > finalisedUpTo) {
      finaliseClosedMinutes();
      finalisedUpTo = lastClosed;
    }
    long slot = Math.floorDiv(streamTime, provisionalIntervalMs);
    if (slot > provisionalSlot) {
      provisionalSlot = slot;
      clock.put(PROVISIONAL_SLOT, slot);
      emitChangedMinutes();
    }
  }

  /** Emits the final row of every minute that stream time has closed and forgets the minute. */
  private void finaliseClosedMinutes() {
    long lastClosed = streamTime - MINUTE_MS - graceMs;
    List<Bytes> done = new ArrayList<>();
    Group group = null;
    try (KeyValueIterator<Bytes, byte[]> it = state.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        if (MinuteKey.minuteOf(kv.key) > lastClosed) {
          break;
        }
        done.add(kv.key);
        group = accumulate(group, kv, true);
      }
    }
    if (group != null) {
      forwardRow(group, FINAL);
    }
    done.forEach(state::delete);
  }

  /** Emits a provisional row for every open minute that changed since its last row. */
  private void emitChangedMinutes() {
    if (streamTime == Long.MIN_VALUE) {
      return;
    }
    List<KeyValue<Bytes, byte[]>> emitted = new ArrayList<>();
    Group group = null;
    try (KeyValueIterator<Bytes, byte[]> it = state.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        Group next = accumulate(group, kv, false);
        if (next != group && next != null && next.state.changed()) {
          emitted.add(KeyValue.pair(kv.key, next.state.emitted().bytes()));
        }
        group = next;
      }
    }
    if (group != null && group.state.changed()) {
      forwardRow(group, PROVISIONAL);
    }
    emitted.forEach(kv -> state.put(kv.key, kv.value));
  }

  /**
   * Folds one store entry into the group being read: an aggregate key closes the previous group
   * (emitting it when {@code closing}, or when it changed) and starts a new one; a user key adds its
   * hash to the current group (only when the group will be emitted).
   */
  private Group accumulate(Group current, KeyValue<Bytes, byte[]> kv, boolean closing) {
    MinuteKey key = MinuteKey.parse(kv.key);
    if (key.user()) {
      if (current != null && (closing || current.state.changed())) {
        current.hashes.add(key.hash());
      }
      return current;
    }
    if (current != null && (closing || current.state.changed())) {
      forwardRow(current, closing ? FINAL : PROVISIONAL);
    }
    return new Group(key, MinuteState.parse(kv.value), new ArrayList<>());
  }

  private void forwardRow(Group g, String status) {
    MinuteMetric metric = MinuteMetric.newBuilder()
        .setMinuteStart(Instant.ofEpochMilli(g.key.minute()))
        .setEvent(g.key.group().event())
        .setSource(g.key.group().source())
        .setCount(g.state.count())
        .setRevenue(g.state.revenue())
        .setDistinctUsers(g.state.distinctUsers())
        .setUserHashes(g.hashes)
        .setStatus(status)
        .setUpdatedAt(Instant.ofEpochMilli(streamTime))
        .build();
    context().forward(new Record<>(MinuteMetrics.metricKey(g.key.group(), g.key.minute()),
        new MinuteOutput.Row(metric), streamTime));
  }

  private void forwardTooLate(EventSource group, long minute, MetricSample sample) {
    TooLateEvent late = TooLateEvent.newBuilder()
        .setMinuteStart(Instant.ofEpochMilli(minute))
        .setEvent(group.event())
        .setSource(group.source())
        .setEventTime(Instant.ofEpochMilli(sample.eventTime()))
        .setStreamTime(Instant.ofEpochMilli(streamTime))
        .setRevenue(sample.revenue())
        .setUserHash(sample.userHash())
        .build();
    context().forward(new Record<>(MinuteMetrics.metricKey(group, minute), new MinuteOutput.Late(late, sample.receivedAt()),
        sample.eventTime()));
  }

  /** One minute, event name and source being read from the store. */
  private record Group(MinuteKey key, MinuteState state, List<Long> hashes) {}
}
