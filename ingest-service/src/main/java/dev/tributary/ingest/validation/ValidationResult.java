package dev.tributary.ingest.validation;

import dev.tributary.common.event.Rule;

/**
 * What the door decided about one event: accepted with everything the raw record needs, or rejected
 * with the field and rule that failed, so the client can fix exactly that.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface ValidationResult permits ValidationResult.Accepted, ValidationResult.Rejected {

  /**
   * An event that may be published.
   *
   * @param eventId the client's event_id/messageId or a generated UUID; always present in {@code payload}
   * @param identityKey the Kafka key: user_id, else anonymous_id
   * @param payload the event's JSON object as compact text, including {@code event_id}
   */
  record Accepted(String eventId, String identityKey, String payload) implements ValidationResult {}

  /**
   * An event the client must fix.
   *
   * @param field the offending field as sent ({@code $} for the event as a whole)
   * @param rule the rule that failed
   * @param message a human explanation naming the limit where one applies
   */
  record Rejected(String field, Rule rule, String message) implements ValidationResult {}
}
