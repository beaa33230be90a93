package dev.tributary.common.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Event ids derived from what identifies an event at its source rather than drawn at random, so
 * that the same event delivered twice (a webhook retry, a CDC connector replaying a change after a
 * restart) carries the same id both times and the stream's dedupe by event id drops the copy.
 *
 * <p>An id is a UUID of version 8 (RFC 9562's custom layout) holding the first 122 bits of a
 * SHA-256 over length-prefixed parts, so ids of different kinds or sources never collide and an id
 * reveals nothing of its inputs. Stateless and thread-safe.
 */
public final class DerivedEventIds {

  private DerivedEventIds() {}

  /** The id of the event {@code value} identifies within {@code kind} at {@code source}. */
  public static String uuid(String kind, String source, byte[] value) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
    // length-prefixed parts: ("a", "bc") and ("ab", "c") must not hash alike
    for (byte[] part : new byte[][] {kind.getBytes(StandardCharsets.UTF_8), source.getBytes(StandardCharsets.UTF_8), value}) {
      sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
      sha.update(part);
    }
    ByteBuffer hash = ByteBuffer.wrap(sha.digest());
    long high = (hash.getLong() & ~0xF000L) | 0x8000L; // version 8
    long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(high, low).toString();
  }
}
