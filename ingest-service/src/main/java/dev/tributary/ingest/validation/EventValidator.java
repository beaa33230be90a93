package dev.tributary.ingest.validation;

import static dev.tributary.common.event.EventContract.ANONYMOUS_ID;
import static dev.tributary.common.event.EventContract.EVENT_ID;
import static dev.tributary.common.event.EventContract.OBJECT_FIELDS;
import static dev.tributary.common.event.EventContract.ORIGINAL_TIMESTAMP;
import static dev.tributary.common.event.EventContract.SENT_AT;
import static dev.tributary.common.event.EventContract.TIMESTAMP;
import static dev.tributary.common.event.EventContract.USER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.event.EventContract;
import dev.tributary.common.event.EventContract.Field;
import dev.tributary.common.event.EventFields;
import dev.tributary.common.event.EventViolation;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decides at the door whether one event is acceptable, and if so derives its event id, Kafka key and
 * payload text. Pure: no I/O, no framework types; the clock and id generator are injected so every
 * rule is testable. The first failing rule wins, so the client gets one precise complaint per event.
 *
 * <p>The field rules are the shared {@link EventContract} at its strictest ({@link EventContract#DOOR}),
 * read through {@link EventFields}: the stream processor applies the same rules with the leniencies the
 * contract lists. Only the request-body limits (bytes, depth, NUL) and the clock bounds are the door's own.
 *
 * <p>Thread-safe: immutable; {@link #validate} does not modify its argument.
 */
public final class EventValidator {

  /** The call types of the Segment spec; {@code track} is the default. */
  public static final List<String> TYPES = EventContract.CALL_TYPES;

  /** Time fields, checked in this order. */
  private static final List<Field> TIMES = List.of(ORIGINAL_TIMESTAMP, TIMESTAMP, SENT_AT);

  private final ValidationLimits limits;
  private final Clock clock;
  private final Supplier<String> idGenerator;

  /** A validator generating random UUIDs as event ids. */
  public EventValidator(ValidationLimits limits, Clock clock) {
    this(limits, clock, () -> UUID.randomUUID().toString());
  }

  /** A validator with a chosen id generator (tests). */
  public EventValidator(ValidationLimits limits, Clock clock, Supplier<String> idGenerator) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
  }

  /** Validates one parsed event. */
  public ValidationResult validate(JsonNode node) {
    if (node == null || !node.isObject()) {
      return new Rejected("$", Rule.OBJECT, "an event must be a JSON object");
    }
    ObjectNode event = (ObjectNode) node;
    byte[] compact = EventJson.compactBytes(event);
    if (compact.length > limits.maxEventBytes()) {
      return new Rejected("$", Rule.MAX_BYTES, "the event is " + compact.length + " bytes of JSON; the limit is "
          + limits.maxEventBytes() + " (ingest.max.event.bytes)");
    }
    var shape = JsonShape.check(event, limits.maxDepth());
    if (shape.isPresent()) {
      return shape.get();
    }
    try {
      EventFields fields = new EventFields(event, EventContract.DOOR);
      String type = fields.type();
      fields.eventName(type);
      fields.id(EventContract.GROUP_ID);
      fields.id(EventContract.PREVIOUS_ID);
      fields.requireCallIds(type);
      Optional<String> userId = fields.identity(USER_ID);
      Optional<String> anonymousId = fields.identity(ANONYMOUS_ID);
      fields.requireIdentity(userId, anonymousId);
      Optional<String> clientEventId = fields.id(EVENT_ID);
      for (Field time : TIMES) {
        checkTime(fields, time);
      }
      for (Field object : OBJECT_FIELDS) {
        fields.object(object);
      }
      String eventId = clientEventId.orElseGet(idGenerator);
      return new Accepted(eventId, userId.orElseGet(anonymousId::orElseThrow), payload(event, compact, eventId));
    } catch (EventViolation v) {
      return new Rejected(v.field(), v.rule(), v.getMessage());
    }
  }

  private void checkTime(EventFields fields, Field time) {
    Optional<Instant> at = fields.time(time);
    if (at.isEmpty()) {
      return;
    }
    String field = fields.spellingOf(time);
    Instant now = clock.instant();
    if (at.get().isAfter(now.plus(limits.maxFuture()))) {
      throw new EventViolation(field, Rule.MAX_FUTURE, field + " is more than " + limits.maxFuture().toMillis()
          + " ms ahead of the server clock (ingest.max.future.ms); check the device clock");
    }
    if (at.get().isBefore(now.minus(limits.maxPast()))) {
      throw new EventViolation(field, Rule.MAX_PAST, field + " is more than " + limits.maxPast().toMillis()
          + " ms behind the server clock (ingest.max.past.ms)");
    }
  }

  /** The compact JSON, with {@code event_id} added when the client did not send it under that name. */
  private static String payload(ObjectNode event, byte[] compact, String eventId) {
    JsonNode sent = event.get("event_id");
    if (sent != null && sent.isTextual() && sent.textValue().equals(eventId)) {
      return new String(compact, StandardCharsets.UTF_8);
    }
    if (sent == null) {
      // A new key goes last in the object, so the copy below would write these bytes: spare a second serialization
      String spliced = EventJson.withLastField(compact, "event_id", eventId);
      if (spliced != null) {
        return spliced;
      }
    }
    ObjectNode copy = event.deepCopy();
    copy.put("event_id", eventId);
    return EventJson.compactText(copy);
  }
}
