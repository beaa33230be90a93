package dev.tributary.streams.metrics;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One clean event as the per-minute metrics see it: its event time, its revenue (0 when none) and
 * the {@link IdentityHash} of its identity. Travels through the {@code metrics-by-event-source}
 * repartition topic, 25 bytes instead of the whole event.
 *
 * <p>Immutable and thread-safe, and so is its serde.
 */
public record MetricSample(long eventTime, double revenue, long userHash) {

  private static final byte FORMAT_V2 = 2;
  private static final int SIZE = 1 + Long.BYTES + Double.BYTES + Long.BYTES;

  /** Fixed-width binary: a format byte, then event time, revenue and user hash big-endian. */
  public static Serde<MetricSample> serde() {
    Serializer<MetricSample> serializer = (topic, s) -> s == null ? null
        : ByteBuffer.allocate(SIZE).put(FORMAT_V2).putLong(s.eventTime).putDouble(s.revenue).putLong(s.userHash)
            .array();
    Deserializer<MetricSample> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length != SIZE || bytes[0] != FORMAT_V2) {
        throw new SerializationException("Not a MetricSample (format " + FORMAT_V2 + ", " + SIZE
            + " bytes) in topic " + topic + ": " + bytes.length + " bytes");
      }
      ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
      return new MetricSample(b.getLong(), b.getDouble(), b.getLong());
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
