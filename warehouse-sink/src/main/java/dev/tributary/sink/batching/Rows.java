package dev.tributary.sink.batching;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.MinuteMetric;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the Avro records of the output topics to warehouse {@link Row}s in
 * {@link WarehouseTable#columns()} order. Every time column is written twice: as a
 * {@code DateTime} (UTC seconds, clamped to its range 1970..2106, which is what analysts
 * filter on) and as exact epoch milliseconds ({@code *_ms Int64}; no DateTime64 on 18.16).
 *
 * <p>Pure and stateless; thread-safe.
 */
public final class Rows {

  /** Largest value of ClickHouse's DateTime (UInt32 seconds). */
  static final long MAX_DATETIME_SECONDS = 0xFFFF_FFFFL;

  private Rows() {}

  public static Row of(CleanEvent e, String topic, int partition, long offset) {
    long received = millis(e.getReceivedAt());
    long timestamp = millis(e.getTimestamp());
    List<Object> v = new ArrayList<>(WarehouseTable.EVENTS.columns().size());
    v.add(e.getEventId());
    v.add(e.getType());
    v.add(e.getEvent());
    v.add(e.getUserId());
    v.add(e.getAnonymousId());
    v.add(dateTimeSeconds(timestamp));
    v.add(timestamp);
    v.add(nullableMillis(e.getOriginalTimestamp()));
    v.add(nullableMillis(e.getSentAt()));
    v.add(dateTimeSeconds(received));
    v.add(received);
    v.add(e.getSource());
    v.add(e.getProperties());
    v.add(e.getContext());
    v.add(e.getRevenue());
    v.add(e.getTraits());
    v.add(e.getGroupId());
    v.add(e.getPreviousId());
    return withCoordinates(v, topic, partition, offset, received);
  }

  public static Row of(DeadLetter d, String topic, int partition, long offset) {
    long failed = millis(d.getFailedAt());
    List<Object> v = new ArrayList<>(WarehouseTable.DEAD_LETTERS.columns().size());
    v.add(d.getReason().name());
    v.add(d.getDetail());
    v.add(d.getField());
    v.add(d.getStage());
    v.add(dateTimeSeconds(failed));
    v.add(failed);
    v.add(d.getEventId());
    v.add(d.getSource());
    v.add(nullableMillis(d.getReceivedAt()));
    v.add(d.getSourceTopic());
    v.add(d.getSourcePartition());
    v.add(d.getSourceOffset());
    // raw bytes stay bytes: a ClickHouse String holds any byte sequence, so replay gets them exact
    v.add(bytes(d.getRawKey()));
    byte[] payload = bytes(d.getRawPayload());
    v.add(payload == null ? new byte[0] : payload);
    return withCoordinates(v, topic, partition, offset, failed);
  }

  public static Row of(MinuteMetric m, String topic, int partition, long offset) {
    long minute = millis(m.getMinuteStart());
    List<Object> v = new ArrayList<>(WarehouseTable.METRICS_MINUTE.columns().size());
    v.add(dateTimeSeconds(minute));
    v.add(minute);
    v.add(m.getEvent());
    v.add(m.getCount());
    v.add(m.getRevenue());
    v.add(millis(m.getUpdatedAt()));
    return withCoordinates(v, topic, partition, offset, minute);
  }

  /** Epoch millis to DateTime seconds as ClickHouse stores them (UTC, clamped to UInt32). */
  public static long dateTimeSeconds(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    return Math.max(0L, Math.min(MAX_DATETIME_SECONDS, seconds));
  }

  /** {@code toYYYYMM} of the DateTime that {@code epochMillis} is stored as, in UTC. */
  public static int month(long epochMillis) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(dateTimeSeconds(epochMillis), 86_400L));
    return date.getYear() * 100 + date.getMonthValue();
  }

  private static Row withCoordinates(List<Object> v, String topic, int partition, long offset,
      long partitionMillis) {
    v.add(topic);
    v.add(partition);
    v.add(offset);
    return new Row(offset, month(partitionMillis), v);
  }

  private static long millis(Instant instant) {
    return instant.toEpochMilli();
  }

  private static Long nullableMillis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
