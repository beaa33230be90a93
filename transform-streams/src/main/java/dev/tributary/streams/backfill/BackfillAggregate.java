package dev.tributary.streams.backfill;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the {@code backfill-minute-state-store} holds for one backfilled minute, event name and
 * source besides its identities: the totals of every imported event of it so far.
 *
 * <p>Immutable and thread-safe.
 */
record BackfillAggregate(long count, double revenue, long distinctUsers) {

  static final BackfillAggregate EMPTY = new BackfillAggregate(0, 0.0, 0);

  private static final byte FORMAT_V1 = 1;
  private static final int SIZE = 1 + 8 + 8 + 8;

  BackfillAggregate add(BackfillSample sample, boolean newUser) {
    return new BackfillAggregate(count + 1, revenue + sample.revenue(), distinctUsers + (newUser ? 1 : 0));
  }

  byte[] bytes() {
    return ByteBuffer.allocate(SIZE).put(FORMAT_V1).putLong(count).putDouble(revenue).putLong(distinctUsers).array();
  }

  static BackfillAggregate parse(byte[] bytes) {
    if (bytes == null) {
      return EMPTY;
    }
    if (bytes.length != SIZE || bytes[0] != FORMAT_V1) {
      throw new SerializationException("Not a BackfillAggregate (format " + FORMAT_V1 + ", " + SIZE + " bytes): "
          + bytes.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
    return new BackfillAggregate(b.getLong(), b.getDouble(), b.getLong());
  }
}
