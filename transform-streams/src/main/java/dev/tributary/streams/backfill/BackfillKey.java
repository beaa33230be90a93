package dev.tributary.streams.backfill;

import dev.tributary.streams.metrics.EventSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the {@code backfill-minute-state-store}: one minute, event name and source (the
 * <em>prefix</em>: minute, then the event's and the source's UTF-8 bytes, each after its length)
 * followed by {@code 0} for the minute's aggregate or {@code 1} and an identity hash for each distinct
 * identity. All identities of a minute are then one range scan after its aggregate, and they come
 * out ascending as signed 64-bit (the hash is stored with its sign bit flipped, so the store's
 * unsigned byte order is the signed order), as {@code metrics_minute.user_hashes} promises.
 *
 * <p>Immutable and thread-safe.
 */
record BackfillKey(long minute, EventSource group) {

  private static final byte AGGREGATE = 0;
  private static final byte USER = 1;

  /** The minute's prefix, also its key in the pending store. */
  Bytes prefix() {
    byte[] event = group.event().getBytes(StandardCharsets.UTF_8);
    byte[] source = group.source().getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + 2 * Integer.BYTES + event.length + source.length)
        .putLong(minute).putInt(event.length).put(event).putInt(source.length).put(source).array());
  }

  Bytes aggregate() {
    return append(prefix(), new byte[] {AGGREGATE});
  }

  Bytes user(long hash) {
    return append(prefix(), ByteBuffer.allocate(1 + Long.BYTES).put(USER).putLong(hash ^ Long.MIN_VALUE).array());
  }

  /** The first and last possible user key of this minute, for a range scan (both inclusive). */
  Bytes firstUser() {
    return user(Long.MIN_VALUE);
  }

  Bytes lastUser() {
    return user(Long.MAX_VALUE);
  }

  /** The identity hash of a user key. */
  static long hashOf(Bytes userKey) {
    byte[] b = userKey.get();
    return ByteBuffer.wrap(b, b.length - Long.BYTES, Long.BYTES).getLong() ^ Long.MIN_VALUE;
  }

  /** Reads a {@link #prefix()}. */
  static BackfillKey parsePrefix(Bytes prefix) {
    ByteBuffer b = ByteBuffer.wrap(prefix.get());
    long minute = b.getLong();
    String event = string(b);
    String source = string(b);
    return new BackfillKey(minute, new EventSource(event, source));
  }

  private static String string(ByteBuffer b) {
    byte[] bytes = new byte[b.getInt()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Bytes append(Bytes prefix, byte[] tail) {
    byte[] head = prefix.get();
    byte[] out = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return Bytes.wrap(out);
  }
}
