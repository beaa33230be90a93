package dev.tributary.streams.metrics;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the {@code metrics-minute-state-store} holds for one minute, event name and source besides
 * its identities: counts so far and whether they changed since the last provisional row was
 * emitted.
 *
 * <p>Immutable and thread-safe.
 */
record MinuteState(long count, double revenue, long distinctUsers, boolean changed) {

  static final MinuteState EMPTY = new MinuteState(0, 0.0, 0, false);

  private static final byte FORMAT_V1 = 1;
  private static final int SIZE = 1 + 8 + 8 + 8 + 1;

  MinuteState add(MetricSample sample, boolean newUser) {
    return new MinuteState(count + 1, revenue + sample.revenue(), distinctUsers + (newUser ? 1 : 0), true);
  }

  MinuteState emitted() {
    return new MinuteState(count, revenue, distinctUsers, false);
  }

  byte[] bytes() {
    return ByteBuffer.allocate(SIZE).put(FORMAT_V1).putLong(count).putDouble(revenue).putLong(distinctUsers)
        .put((byte) (changed ? 1 : 0)).array();
  }

  static MinuteState parse(byte[] bytes) {
    if (bytes.length != SIZE || bytes[0] != FORMAT_V1) {
      throw new SerializationException("Not a MinuteState (format " + FORMAT_V1 + ", " + SIZE + " bytes): "
          + bytes.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
    return new MinuteState(b.getLong(), b.getDouble(), b.getLong(), b.get() == 1);
  }
}
