package dev.tributary.streams.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Running aggregate of one event name in one event-time minute: what the
 * {@code metrics-minute-store} window store holds.
 *
 * <p>{@code version} becomes {@code MinuteMetric.updated_at}, which the warehouse uses to keep
 * the latest update of a key. It is the latest event time seen in the window, bumped by 1 ms when
 * an update would not advance it (a late event inside the minute), so the versions of one key
 * strictly increase and are deterministic (no wall clock: a replay yields identical updates).
 *
 * <p>Immutable and thread-safe, and so is its serde.
 */
public record MinuteAggregate(long count, double revenue, long version) {

  /** The aggregate of an empty window. */
  public static final MinuteAggregate EMPTY = new MinuteAggregate(0, 0.0, Long.MIN_VALUE);

  private static final byte FORMAT_V1 = 1;
  private static final int SIZE = 1 + Long.BYTES + Double.BYTES + Long.BYTES;

  /** This aggregate with one more event. */
  public MinuteAggregate add(MetricSample sample) {
    long next = version == Long.MIN_VALUE ? sample.eventTime() : Math.max(version + 1, sample.eventTime());
    return new MinuteAggregate(count + 1, revenue + sample.revenue(), next);
  }

  /** Fixed-width binary: a format byte, then count, revenue and version big-endian. */
  public static Serde<MinuteAggregate> serde() {
    Serializer<MinuteAggregate> serializer = (topic, a) -> a == null ? null
        : ByteBuffer.allocate(SIZE).put(FORMAT_V1).putLong(a.count).putDouble(a.revenue)
            .putLong(a.version).array();
    Deserializer<MinuteAggregate> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length != SIZE || bytes[0] != FORMAT_V1) {
        throw new SerializationException("Not a MinuteAggregate (format " + FORMAT_V1 + ", " + SIZE
            + " bytes) in " + topic + ": " + bytes.length + " bytes");
      }
      ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
      return new MinuteAggregate(b.getLong(), b.getDouble(), b.getLong());
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
