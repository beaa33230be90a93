package dev.tributary.streams.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.time.Iso8601;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * Typed reads of the top-level fields of one event's JSON object, accepting each field under all
 * of its spellings ({@code user_id} / {@code userId}; the first spelling wins when both are
 * present). A JSON {@code null} counts as absent. A present field of the wrong shape throws a
 * {@link Rejection} naming the field as the client spelled it and the rule it broke.
 *
 * <p>Not thread-safe (wraps one parsed payload); lives for one {@link EventNormalizer} call.
 */
final class PayloadFields {

  private final ObjectNode root;
  private final ObjectMapper json;

  PayloadFields(ObjectNode root, ObjectMapper json) {
    this.root = root;
    this.json = json;
  }

  /** A present, non-null field and the name it was found under. */
  record Found(String name, JsonNode value) {}

  Optional<Found> find(String... names) {
    for (String name : names) {
      JsonNode value = root.get(name);
      if (value != null && !value.isNull()) {
        return Optional.of(new Found(name, value));
      }
    }
    return Optional.empty();
  }

  /** A string field; blank strings count as absent, surrounding whitespace is removed. */
  Optional<String> text(String... names) {
    return find(names).flatMap(f -> {
      if (!f.value().isTextual()) {
        throw Rejection.invalid(f.name(), f.name() + " must be a string, got " + kind(f.value()));
      }
      return nonBlank(f.value().textValue());
    });
  }

  /**
   * An identity: a string or an integral number (some SDKs send numeric user ids), as text;
   * blank counts as absent.
   */
  Optional<String> identity(String... names) {
    return find(names).flatMap(f -> {
      JsonNode v = f.value();
      if (v.isTextual()) {
        return nonBlank(v.textValue());
      }
      if (v.isIntegralNumber()) {
        return Optional.of(v.bigIntegerValue().toString());
      }
      throw Rejection.invalid(f.name(), f.name() + " must be a string or an integer, got " + kind(v));
    });
  }

  /** An ISO-8601 date-time with offset, e.g. {@code 2024-05-01T12:00:00.123Z}. */
  Optional<Instant> instant(String... names) {
    return find(names).map(f -> {
      if (!f.value().isTextual()) {
        throw Rejection.invalid(f.name(), f.name()
            + " must be an ISO-8601 date-time string with offset, got " + kind(f.value()));
      }
      try {
        Instant instant = Iso8601.parseOffsetDateTime(f.value().textValue().strip());
        instant.toEpochMilli(); // rejects dates beyond what epoch millis can hold
        return instant;
      } catch (DateTimeException | ArithmeticException e) {
        throw Rejection.invalid(f.name(), f.name()
            + " must be an ISO-8601 date-time with offset such as 2024-05-01T12:00:00.000Z");
      }
    });
  }

  /** A JSON object as compact text; {@code "{}"} when absent. */
  String objectText(String name) {
    return optionalObjectText(name).orElse("{}");
  }

  /** A JSON object as compact text; empty when absent, so "not sent" stays apart from "sent {}". */
  Optional<String> optionalObjectText(String name) {
    return find(name).map(f -> {
      if (!f.value().isObject()) {
        throw Rejection.invalid(name, name + " must be a JSON object, got " + kind(f.value()));
      }
      try {
        return json.writeValueAsString(f.value());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Cannot write back a parsed JSON tree", e);
      }
    });
  }

  /**
   * An id that, unlike {@link #identity}, must be a string: non-blank (surrounding whitespace
   * removed) and at most {@code maxLength} characters. Blank is an error rather than "absent"
   * because a client that sends the field meant to set it.
   */
  Optional<String> id(int maxLength, String... names) {
    return find(names).map(f -> {
      if (!f.value().isTextual()) {
        throw Rejection.invalid(f.name(), f.name() + " must be a string, got " + kind(f.value()));
      }
      String id = f.value().textValue().strip();
      if (id.isEmpty()) {
        throw Rejection.invalid(f.name(), f.name() + " must not be empty");
      }
      int length = id.codePointCount(0, id.length());
      if (length > maxLength) {
        throw Rejection.invalid(f.name(), f.name() + " must be at most " + maxLength
            + " characters, got " + length);
      }
      return id;
    });
  }

  /**
   * {@code properties.revenue} when it is a finite number, given as a JSON number or a numeric
   * string; anything else means "no revenue", not an error, because revenue is optional and
   * analysts prefer the event with a null revenue over a dead letter.
   */
  Double revenue() {
    JsonNode properties = root.get("properties");
    JsonNode revenue = properties == null || !properties.isObject() ? null : properties.get("revenue");
    if (revenue == null) {
      return null;
    }
    double value;
    if (revenue.isNumber()) {
      value = revenue.doubleValue();
    } else if (revenue.isTextual()) {
      try {
        // BigDecimal, not Double.parseDouble: the latter also accepts "NaN", "0x1p3" and "1d"
        value = new BigDecimal(revenue.textValue().strip()).doubleValue();
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(value) ? value : null;
  }

  private static Optional<String> nonBlank(String s) {
    return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }

  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
