package dev.tributary.ingest.kafka;

import dev.tributary.events.RawEvent;
import java.util.Objects;

/**
 * One accepted event on its way to the raw topic.
 *
 * @param key the identity key (user_id, else anonymous_id) that becomes the record key
 * @param value the record value
 */
public record OutgoingEvent(String key, RawEvent value) {
  public OutgoingEvent {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** Fixed per-record cost on top of the strings: Avro framing, ids, timestamps, producer overhead. */
  private static final int RECORD_OVERHEAD = 160;

  /**
   * Roughly how many bytes this event holds while in flight: string lengths (UTF-16 chars, which
   * bounds the UTF-8 size for mostly-ASCII JSON) plus a fixed overhead. Cheap enough to run per event.
   */
  public long estimatedBytes() {
    return RECORD_OVERHEAD + key.length() + length(value.getPayload()) + length(value.getEventId())
        + length(value.getSource()) + length(value.getRequestId()) + length(value.getClientIp());
  }

  private static int length(CharSequence s) {
    return s == null ? 0 : s.length();
  }
}
