package dev.tributary.streams.metrics;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One clean event as the per-minute metrics see it: its event time, its revenue (0 when none), the
 * {@link IdentityHash} of its identity and its received time (the audit ledger's minute of a
 * too-late event). Travels through the {@code metrics-by-event-source} repartition topic, 33 bytes
 * instead of the whole event. Reads the 25-byte format 2 (no received time) of records still in the
 * topic from before an upgrade, taking the event time for the received time.
 *
 * <p>Immutable and thread-safe, and so is its serde.
 */
public record MetricSample(long eventTime, double revenue, long userHash, long receivedAt) {

  private static final byte FORMAT_V2 = 2;
  private static final byte FORMAT_V3 = 3;
  private static final int SIZE_V2 = 1 + Long.BYTES + Double.BYTES + Long.BYTES;
  private static final int SIZE = SIZE_V2 + Long.BYTES;

  /** Fixed-width binary: a format byte, then event time, revenue, user hash and received time big-endian. */
  public static Serde<MetricSample> serde() {
    Serializer<MetricSample> serializer = (topic, s) -> s == null ? null
        : ByteBuffer.allocate(SIZE).put(FORMAT_V3).putLong(s.eventTime).putDouble(s.revenue).putLong(s.userHash)
            .putLong(s.receivedAt).array();
    Deserializer<MetricSample> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      boolean v3 = bytes.length == SIZE && bytes[0] == FORMAT_V3;
      if (!v3 && (bytes.length != SIZE_V2 || bytes[0] != FORMAT_V2)) {
        throw new SerializationException("Not a MetricSample (format " + FORMAT_V3 + ", " + SIZE + " bytes, or "
            + FORMAT_V2 + ", " + SIZE_V2 + " bytes) in topic " + topic + ": " + bytes.length + " bytes");
      }
      ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
      long eventTime = b.getLong();
      double revenue = b.getDouble();
      long userHash = b.getLong();
      return new MetricSample(eventTime, revenue, userHash, v3 ? b.getLong() : eventTime);
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
