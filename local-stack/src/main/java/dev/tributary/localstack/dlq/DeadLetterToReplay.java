package dev.tributary.localstack.dlq;

import java.util.Objects;

/**
 * One dead letter as the replay needs it, read from the {@code dead_letters} table.
 *
 * <p>Two kinds: a decoded event that broke a rule ({@code eventId} set; {@code rawPayload} is the
 * event's JSON, sent back as a raw event with its original id, source and received time), and a
 * record that could not be decoded at all ({@code eventId} null; {@code rawPayload} is the record
 * value exactly as read, sent back byte for byte).
 *
 * <p>Immutable apart from the arrays, which nobody mutates.
 *
 * @param rawKey key bytes of the rejected record, null when it had none
 */
public record DeadLetterToReplay(DeadLetterOrigin origin, String reason, String eventId, String source,
    Long receivedAtMs, byte[] rawKey, byte[] rawPayload) {

  public DeadLetterToReplay {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(rawPayload, "rawPayload");
  }

  /** True for a decoded event (sent back as a raw event), false for undecodable bytes (sent back as they were). */
  public boolean decoded() {
    return eventId != null && source != null && receivedAtMs != null;
  }
}
