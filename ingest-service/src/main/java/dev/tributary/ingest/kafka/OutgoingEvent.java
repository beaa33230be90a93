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
}
