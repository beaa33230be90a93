package dev.tributary.ingest.webhook;

import dev.tributary.common.event.DerivedEventIds;
import java.nio.charset.StandardCharsets;

/**
 * The event id of a webhook delivery, derived rather than drawn at random, so that a delivery sent
 * twice (a provider's retry, a replay within the tolerance window) carries the same event id both
 * times and the stream's dedupe by event id drops the copy. The id depends on the source and the
 * provider's own event id; when the source's mapping has no event id, on the source and the raw
 * body ({@link DerivedEventIds}: a version-8 UUID from a SHA-256 of those inputs).
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
    return DerivedEventIds.uuid(kind, source, value);
  }
}
