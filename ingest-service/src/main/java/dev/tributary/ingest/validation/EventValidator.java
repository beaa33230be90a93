package dev.tributary.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.time.Iso8601;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decides at the door whether one event is acceptable, and if so derives its event id, Kafka key and
 * payload text. Pure: no I/O, no framework types; the clock and id generator are injected so every
 * rule is testable. The first failing rule wins, so the client gets one precise complaint per event.
 *
 * <p>Fields may be spelled snake_case or in Segment's camelCase ({@code user_id}/{@code userId},
 * {@code anonymous_id}/{@code anonymousId}, {@code event_id}/{@code messageId}, {@code sent_at}/{@code sentAt});
 * JSON {@code null} counts as absent, as analytics.js sends {@code "userId": null} for anonymous users.
 *
 * <p>Thread-safe: immutable; {@link #validate} does not modify its argument.
 */
public final class EventValidator {

  /** The event types of the Segment spec; {@code track} is the default. */
  public static final Set<String> TYPES = Set.of("track", "identify", "page", "screen", "group", "alias");

  static final int MAX_EVENT_NAME = 200;
  static final int MAX_ID = 255;
  private static final int MAX_TIME_TEXT = 64;

  private static final List<String> EVENT = List.of("event");
  private static final List<String> TYPE = List.of("type");
  private static final List<String> USER_ID = List.of("user_id", "userId");
  private static final List<String> ANONYMOUS_ID = List.of("anonymous_id", "anonymousId");
  private static final List<String> EVENT_ID = List.of("event_id", "messageId");
  private static final List<List<String>> TIMES =
      List.of(List.of("originalTimestamp"), List.of("timestamp"), List.of("sent_at", "sentAt"));
  private static final List<String> OBJECTS = List.of("properties", "context", "traits", "integrations");
  private static final List<String> GROUP_ID = List.of("groupId");
  private static final List<String> PREVIOUS_ID = List.of("previousId");

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
      checkTypeAndName(event);
      String userId = text(event, USER_ID, MAX_ID);
      String anonymousId = text(event, ANONYMOUS_ID, MAX_ID);
      if (userId == null && anonymousId == null) {
        throw new Rejection("user_id", Rule.REQUIRED,
            "an event needs user_id (or userId) or anonymous_id (or anonymousId)");
      }
      String clientEventId = text(event, EVENT_ID, MAX_ID);
      for (List<String> names : TIMES) {
        checkTime(event, names);
      }
      for (String name : OBJECTS) {
        JsonNode value = event.get(name);
        if (value != null && !value.isNull() && !value.isObject()) {
          throw new Rejection(name, Rule.TYPE, name + " must be a JSON object");
        }
      }
      String eventId = clientEventId != null ? clientEventId : idGenerator.get();
      return new Accepted(eventId, userId != null ? userId : anonymousId, payload(event, compact, eventId));
    } catch (Rejection r) {
      return r.result;
    }
  }

  private static void checkTypeAndName(ObjectNode event) {
    String type = text(event, TYPE, MAX_EVENT_NAME);
    if (type != null && !TYPES.contains(type)) {
      throw new Rejection("type", Rule.ONE_OF, "type must be one of " + String.join(", ", TYPES.stream().sorted().toList()));
    }
    String name = text(event, EVENT, MAX_EVENT_NAME);
    if (name == null && (type == null || type.equals("track"))) {
      throw new Rejection("event", Rule.REQUIRED, "a track event needs an event name in \"event\"");
    }
    if (text(event, GROUP_ID, MAX_ID) == null && "group".equals(type)) {
      throw new Rejection("groupId", Rule.REQUIRED, "a group call needs groupId");
    }
    if (text(event, PREVIOUS_ID, MAX_ID) == null && "alias".equals(type)) {
      throw new Rejection("previousId", Rule.REQUIRED, "an alias call needs previousId");
    }
  }

  private void checkTime(ObjectNode event, List<String> names) {
    String value = text(event, names, MAX_TIME_TEXT);
    if (value == null) {
      return;
    }
    String field = presentName(event, names);
    Instant at = parseInstant(value);
    if (at == null) {
      throw new Rejection(field, Rule.ISO8601,
          field + " must be an ISO-8601 date-time with offset, e.g. 2024-05-01T12:00:00.000Z");
    }
    Instant now = clock.instant();
    if (at.isAfter(now.plus(limits.maxFuture()))) {
      throw new Rejection(field, Rule.MAX_FUTURE, field + " is more than " + limits.maxFuture().toMillis()
          + " ms ahead of the server clock (ingest.max.future.ms); check the device clock");
    }
    if (at.isBefore(now.minus(limits.maxPast()))) {
      throw new Rejection(field, Rule.MAX_PAST, field + " is more than " + limits.maxPast().toMillis()
          + " ms behind the server clock (ingest.max.past.ms)");
    }
  }

  private static Instant parseInstant(String text) {
    try {
      return Iso8601.parseOffsetDateTime(text);
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /**
   * The string value of a field that may have several spellings, or null when all are absent/null.
   * Every present spelling must be a non-blank string within {@code maxLength} code points, and
   * all present spellings must agree.
   */
  private static String text(ObjectNode event, List<String> names, int maxLength) {
    String found = null;
    String foundName = null;
    for (String name : names) {
      JsonNode value = event.get(name);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isTextual()) {
        throw new Rejection(name, Rule.TYPE, name + " must be a string");
      }
      String s = value.textValue();
      if (s.isBlank()) {
        throw new Rejection(name, Rule.NOT_EMPTY, name + " must not be empty");
      }
      if (s.codePointCount(0, s.length()) > maxLength) {
        throw new Rejection(name, Rule.MAX_LENGTH, name + " must be at most " + maxLength + " characters");
      }
      if (found != null && !found.equals(s)) {
        throw new Rejection(name, Rule.CONFLICT, name + " differs from " + foundName + "; send one of them");
      }
      if (found == null) {
        found = s;
        foundName = name;
      }
    }
    return found;
  }

  private static String presentName(ObjectNode event, List<String> names) {
    for (String name : names) {
      JsonNode value = event.get(name);
      if (value != null && !value.isNull()) {
        return name;
      }
    }
    return names.get(0);
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

  /** Internal shortcut out of nested checks; never escapes {@link #validate}. */
  private static final class Rejection extends RuntimeException {
    private final transient Rejected result;

    Rejection(String field, Rule rule, String message) {
      super(message, null, false, false);
      this.result = new Rejected(field, rule, message);
    }
  }
}
