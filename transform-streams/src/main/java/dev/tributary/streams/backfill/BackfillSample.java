package dev.tributary.streams.backfill;

import dev.tributary.events.CleanEvent;
import dev.tributary.streams.metrics.IdentityHash;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One imported clean event as the backfill metrics see it: its event time, its revenue (0 when none)
 * and the {@link IdentityHash} of its identity (the same hash the live minutes and ClickHouse's
 * {@code sipHash64} use, so a backfilled minute's distinct users can be recomputed from {@code events_v}).
 * Travels through the {@code backfill-by-event-source} repartition topic, 25 bytes instead of the event.
 *
 * <p>Immutable and thread-safe, and so is its serde.
 */
record BackfillSample(long eventTime, double revenue, long userHash) {

  private static final byte FORMAT_V1 = 1;
  private static final int SIZE = 1 + Long.BYTES + Double.BYTES + Long.BYTES;

  static BackfillSample of(CleanEvent event) {
    Double revenue = event.getRevenue();
    String identity = event.getUserId() != null ? event.getUserId() : event.getAnonymousId();
    return new BackfillSample(event.getTimestamp().toEpochMilli(), revenue == null ? 0.0 : revenue,
        IdentityHash.of(identity));
  }

  /** Fixed-width binary: a format byte, then event time, revenue and user hash big-endian. */
  static Serde<BackfillSample> serde() {
    Serializer<BackfillSample> serializer = (topic, s) -> s == null ? null
        : ByteBuffer.allocate(SIZE).put(FORMAT_V1).putLong(s.eventTime).putDouble(s.revenue).putLong(s.userHash).array();
    Deserializer<BackfillSample> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length != SIZE || bytes[0] != FORMAT_V1) {
        throw new SerializationException("Not a BackfillSample (format " + FORMAT_V1 + ", " + SIZE + " bytes) in topic "
            + topic + ": " + bytes.length + " bytes");
      }
      ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
      return new BackfillSample(b.getLong(), b.getDouble(), b.getLong());
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
