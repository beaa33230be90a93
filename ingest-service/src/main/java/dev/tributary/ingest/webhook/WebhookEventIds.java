package dev.tributary.ingest.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The event id of a webhook delivery, derived rather than drawn at random, so that a delivery sent
 * twice (a provider's retry, a replay within the tolerance window) carries the same event id both
 * times and the stream's dedupe by event id drops the copy. The id depends on the source and the
 * provider's own event id; when the source's mapping has no event id, on the source and the raw
 * body. It is a UUID of version 8 (RFC 9562's custom layout) holding the first 122 bits of a SHA-256
 * of those inputs, so ids of different sources never collide and an id reveals nothing of the body.
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookEventIds {

  private WebhookEventIds() {}

  /** The event id for the provider's event {@code providerEventId} delivered to {@code source}. */
  public static String fromProviderId(String source, String providerEventId) {
    return uuid("id", source, providerEventId.getBytes(StandardCharsets.UTF_8));
  }

  /** The event id for a delivery to {@code source} whose mapping has no event id: its raw body decides. */
  public static String fromBody(String source, byte[] rawBody) {
    return uuid("body", source, rawBody);
  }

  private static String uuid(String kind, String source, byte[] value) {
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
