package dev.tributary.streams.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * A key of the {@code metrics-minute-state-store}: either the aggregate of one minute, event name
 * and source, or one identity hash seen in it. Encoded so that byte order (the order of RocksDB
 * and of the in-memory stores) is: minute ascending, then each (event, source) with its aggregate
 * first and its hashes right after it in unsigned ascending order. One ordered scan from the start
 * therefore visits whole minutes oldest first, each aggregate followed by its users, which is what
 * finalising and emitting need; an identity is one small key, so adding a user never rewrites the
 * set.
 *
 * <pre>minute ^ Long.MIN_VALUE (8, big-endian) | event length (4) | event | source length (4) | source
 *   | 0 (aggregate)  or  1 | hash (8, big-endian) (user)</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param hash the identity hash for a user key; ignored for an aggregate key
 */
record MinuteKey(long minute, EventSource group, boolean user, long hash) {

  private static final byte AGGREGATE = 0;
  private static final byte USER = 1;

  static MinuteKey aggregate(long minute, EventSource group) {
    return new MinuteKey(minute, group, false, 0L);
  }

  static MinuteKey user(long minute, EventSource group, long hash) {
    return new MinuteKey(minute, group, true, hash);
  }

  Bytes bytes() {
    byte[] event = group.event().getBytes(StandardCharsets.UTF_8);
    byte[] source = group.source().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + event.length + 4 + source.length + 1 + (user ? 8 : 0))
        .putLong(minute ^ Long.MIN_VALUE).putInt(event.length).put(event).putInt(source.length).put(source);
    if (user) {
      b.put(USER).putLong(hash);
    } else {
      b.put(AGGREGATE);
    }
    return Bytes.wrap(b.array());
  }

  static MinuteKey parse(Bytes key) {
    byte[] k = key.get();
    ByteBuffer b = ByteBuffer.wrap(k);
    long minute = b.getLong() ^ Long.MIN_VALUE;
    int eventLength = b.getInt();
    String event = new String(k, b.position(), eventLength, StandardCharsets.UTF_8);
    b.position(b.position() + eventLength);
    int sourceLength = b.getInt();
    String source = new String(k, b.position(), sourceLength, StandardCharsets.UTF_8);
    b.position(b.position() + sourceLength);
    boolean user = b.get() == USER;
    return new MinuteKey(minute, new EventSource(event, source), user, user ? b.getLong() : 0L);
  }

  /** Only the minute of an encoded key, without decoding the rest (scans stop on it). */
  static long minuteOf(Bytes key) {
    return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
  }
}
