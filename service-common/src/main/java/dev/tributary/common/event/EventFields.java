package dev.tributary.common.event;

import static dev.tributary.common.event.EventContract.ANONYMOUS_ID;
import static dev.tributary.common.event.EventContract.CALL_TYPES;
import static dev.tributary.common.event.EventContract.DEFAULT_TYPE;
import static dev.tributary.common.event.EventContract.EVENT;
import static dev.tributary.common.event.EventContract.GROUP_ID;
import static dev.tributary.common.event.EventContract.MAX_EVENT_NAME_LENGTH;
import static dev.tributary.common.event.EventContract.MAX_ID_LENGTH;
import static dev.tributary.common.event.EventContract.MAX_TIME_TEXT_LENGTH;
import static dev.tributary.common.event.EventContract.NAME;
import static dev.tributary.common.event.EventContract.PREVIOUS_ID;
import static dev.tributary.common.event.EventContract.TYPE;
import static dev.tributary.common.event.EventContract.USER_ID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.event.EventContract.Field;
import dev.tributary.common.event.EventContract.Leniency;
import dev.tributary.common.event.EventContract.Strictness;
import dev.tributary.common.time.Iso8601;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the top-level fields of one event under the {@link EventContract}, at a given
 * {@link Strictness}: every spelling of a field, its JSON type, blank values, length limits,
 * disagreeing spellings, call types and the event name are judged here and nowhere else. A JSON
 * {@code null} always counts as absent (analytics.js sends {@code "userId": null} for anonymous
 * users). A broken rule throws an {@link EventViolation} naming the field as the client spelled it.
 *
 * <p>Pure. Not thread-safe (wraps one event); lives for one validation.
 */
public final class EventFields {

  private final ObjectNode event;
  private final Strictness strictness;

  public EventFields(ObjectNode event, Strictness strictness) {
    this.event = Objects.requireNonNull(event, "event");
    this.strictness = Objects.requireNonNull(strictness, "strictness");
  }

  /** The call type in lower case: {@code type}, or {@link EventContract#DEFAULT_TYPE} when absent. */
  public String type() {
    Optional<Spelled> sent = read(TYPE, MAX_EVENT_NAME_LENGTH, false);
    if (sent.isEmpty()) {
      return DEFAULT_TYPE;
    }
    String type = strictness.allows(Leniency.TYPE_CASE) ? sent.get().value().toLowerCase(Locale.ROOT) : sent.get().value();
    if (!CALL_TYPES.contains(type)) {
      throw new EventViolation(sent.get().name(), Rule.ONE_OF, sent.get().name() + " must be one of "
          + String.join(", ", CALL_TYPES.stream().sorted().toList()));
    }
    return type;
  }

  /**
   * The event name of a call of {@code type}: {@code event}; for a page or screen call without one,
   * its {@code name}; for any other call but track, the type itself. A track call without a name
   * breaks {@link Rule#REQUIRED}; a name longer than the reader's limit {@link Rule#MAX_LENGTH}.
   */
  public String eventName(String type) {
    int limit = strictness.maxEventNameLength();
    Optional<Spelled> named = read(EVENT, limit, false);
    if (named.isEmpty() && (type.equals("page") || type.equals("screen"))) {
      named = read(NAME, limit, false);
    }
    if (named.isPresent()) {
      return named.get().value();
    }
    if (!type.equals(DEFAULT_TYPE)) {
      return type;
    }
    throw new EventViolation(EVENT.name(), Rule.REQUIRED, "a track call needs an event name in \"event\"");
  }

  /** Requires the id a group or alias call is about, unless the reader allows {@link Leniency#CALL_IDS_OPTIONAL}. */
  public void requireCallIds(String type) {
    if (strictness.allows(Leniency.CALL_IDS_OPTIONAL)) {
      return;
    }
    if (type.equals("group") && id(GROUP_ID).isEmpty()) {
      throw new EventViolation(GROUP_ID.name(), Rule.REQUIRED, "a group call needs " + spellings(GROUP_ID));
    }
    if (type.equals("alias") && id(PREVIOUS_ID).isEmpty()) {
      throw new EventViolation(PREVIOUS_ID.name(), Rule.REQUIRED, "an alias call needs " + spellings(PREVIOUS_ID));
    }
  }

  /** A user or anonymous id: a string (or, where allowed, an integral number) of at most {@link EventContract#MAX_ID_LENGTH}. */
  public Optional<String> identity(Field field) {
    return read(field, MAX_ID_LENGTH, strictness.allows(Leniency.NUMERIC_IDENTITY)).map(Spelled::value);
  }

  /** Requires {@code user_id} or {@code anonymous_id} (any spelling). */
  public void requireIdentity(Optional<String> userId, Optional<String> anonymousId) {
    if (userId.isEmpty() && anonymousId.isEmpty()) {
      throw new EventViolation(USER_ID.name(), Rule.REQUIRED,
          "an event needs " + spellings(USER_ID) + " or " + spellings(ANONYMOUS_ID));
    }
  }

  /** An id field (event, group or previous id): a string of at most {@link EventContract#MAX_ID_LENGTH}. */
  public Optional<String> id(Field field) {
    return read(field, MAX_ID_LENGTH, false).map(Spelled::value);
  }

  /** A time field: an ISO-8601 date-time with offset, e.g. {@code 2024-05-01T12:00:00.000Z}. */
  public Optional<Instant> time(Field field) {
    return read(field, MAX_TIME_TEXT_LENGTH, false).map(t -> {
      Instant at = parseTime(t.value());
      if (at == null) {
        throw new EventViolation(t.name(), Rule.ISO8601,
            t.name() + " must be an ISO-8601 date-time with offset, e.g. 2024-05-01T12:00:00.000Z");
      }
      return at;
    });
  }

  /** The spelling a time field was sent under (for messages about its value), or its primary spelling. */
  public String spellingOf(Field field) {
    for (String name : field.spellings()) {
      JsonNode v = event.get(name);
      if (v != null && !v.isNull()) {
        return name;
      }
    }
    return field.name();
  }

  /** An object field, when present and not null. */
  public Optional<ObjectNode> object(Field field) {
    for (String name : field.spellings()) {
      JsonNode v = event.get(name);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isObject()) {
        throw new EventViolation(name, Rule.TYPE, name + " must be a JSON object, got " + kind(v));
      }
      return Optional.of((ObjectNode) v);
    }
    return Optional.empty();
  }

  /**
   * The instant of an ISO-8601 date-time with offset (or an instant {@link Instant#parse} reads), when
   * it fits epoch milliseconds; null otherwise.
   */
  public static Instant parseTime(String text) {
    Instant at;
    try {
      at = Iso8601.parseOffsetDateTime(text);
    } catch (DateTimeException e) {
      try {
        at = Instant.parse(text);
      } catch (DateTimeException again) {
        return null;
      }
    }
    try {
      at.toEpochMilli();
      return at;
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** "an array", "a number"... for messages. */
  public static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** A value and the spelling it was found under. */
  private record Spelled(String name, String value) {}

  /**
   * The text value of {@code field}. Every present spelling must be a string (or an integral number
   * when {@code numbers}), non-blank and at most {@code maxLength} code points, and all must agree —
   * except where the reader is lenient: blank counts as absent and is stripped
   * ({@link Leniency#BLANK_AS_ABSENT}), and the first usable spelling wins without looking further
   * ({@link Leniency#PRIMARY_SPELLING_WINS}).
   */
  private Optional<Spelled> read(Field field, int maxLength, boolean numbers) {
    boolean blankAsAbsent = strictness.allows(Leniency.BLANK_AS_ABSENT);
    Spelled found = null;
    for (String name : field.spellings()) {
      JsonNode value = event.get(name);
      if (value == null || value.isNull()) {
        continue;
      }
      String text;
      if (value.isTextual()) {
        text = blankAsAbsent ? value.textValue().strip() : value.textValue();
      } else if (numbers && value.isIntegralNumber()) {
        text = value.bigIntegerValue().toString();
      } else {
        throw new EventViolation(name, Rule.TYPE, name + " must be a string" + (numbers ? " or an integer" : "")
            + ", got " + kind(value));
      }
      if (text.isBlank()) {
        if (blankAsAbsent) {
          continue;
        }
        throw new EventViolation(name, Rule.NOT_EMPTY, name + " must not be empty");
      }
      int length = text.codePointCount(0, text.length());
      if (length > maxLength) {
        throw new EventViolation(name, Rule.MAX_LENGTH, name + " must be at most " + maxLength
            + " characters, got " + length);
      }
      if (found == null) {
        found = new Spelled(name, text);
        if (strictness.allows(Leniency.PRIMARY_SPELLING_WINS)) {
          return Optional.of(found);
        }
      } else if (!found.value().equals(text)) {
        throw new EventViolation(name, Rule.CONFLICT, name + " differs from " + found.name() + "; send one of them");
      }
    }
    return Optional.ofNullable(found);
  }

  private static String spellings(Field field) {
    return field.spellings().size() == 1 ? field.name()
        : field.name() + " (or " + String.join(", ", field.spellings().subList(1, field.spellings().size())) + ")";
  }
}
