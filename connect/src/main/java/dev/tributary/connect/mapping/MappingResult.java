package dev.tributary.connect.mapping;

import dev.tributary.events.DeadLetterReason;
import java.util.Objects;
import java.util.Optional;

/** What one row change becomes. Immutable values. */
public sealed interface MappingResult {

  /**
   * An event for {@code events.raw}.
   *
   * @param key the identity, the record key (as ingest keys its records)
   * @param eventId derived from the change's position, the same on every replay of the change
   * @param payload the event JSON (the raw event contract's {@code payload})
   */
  record Event(String key, String eventId, String payload) implements MappingResult {
    public Event {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** Not an event by design: the table or the operation is not mapped. Nothing is lost: nothing was asked for. */
  record NotAnEvent(String why) implements MappingResult {}

  /**
   * A mapped change that cannot become an event (no identity, an unreadable timestamp or revenue):
   * a dead letter with the change itself as its raw payload.
   *
   * @param field the column at fault, when one is
   * @param eventId the id the event would have had, so a fixed replay lands it once
   */
  record Unmappable(DeadLetterReason reason, Optional<String> field, String detail, String eventId)
      implements MappingResult {
    public Unmappable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(eventId, "eventId");
    }
  }
}
