package dev.tributary.streams.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One clean event as the per-minute aggregate sees it: its event time and its revenue (0 when
 * none). Travels through the {@code metrics-by-event} repartition topic.
 *
 * <p>Immutable and thread-safe, and so is its serde.
 */
public record MetricSample(long eventTime, double revenue) {

  private static final byte FORMAT_V1 = 1;
  private static final int SIZE = 1 + Long.BYTES + Double.BYTES;

  /** Fixed-width binary: a format byte, then event time and revenue big-endian. */
  public static Serde<MetricSample> serde() {
    Serializer<MetricSample> serializer = (topic, s) -> s == null ? null
        : ByteBuffer.allocate(SIZE).put(FORMAT_V1).putLong(s.eventTime).putDouble(s.revenue).array();
    Deserializer<MetricSample> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length != SIZE || bytes[0] != FORMAT_V1) {
        throw new SerializationException("Not a MetricSample (format " + FORMAT_V1 + ", " + SIZE
            + " bytes) in topic " + topic + ": " + bytes.length + " bytes");
      }
      ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
      return new MetricSample(b.getLong(), b.getDouble());
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
