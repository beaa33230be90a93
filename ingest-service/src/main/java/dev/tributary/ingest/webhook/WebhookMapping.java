package dev.tributary.ingest.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.event.EventFields;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How one webhook source's payload becomes an event: which JSON pointer gives the event name, the
 * provider's event id, the user id, the anonymous id and the event time. The event is a {@code track}
 * call whose {@code properties} are the whole payload, whose {@code event_id} is derived by
 * {@link WebhookEventIds} (so a second delivery of the same provider event is a duplicate downstream),
 * and whose identity is the mapped user/anonymous id, or the source name as anonymous id when the
 * mapping names neither. A pointer the mapping names is required: a payload without it is refused
 * with rule {@code required} naming the pointer, because a silently empty field would be data loss
 * nobody sees. The resulting event then goes through the door's ordinary validation.
 *
 * <p>Pure; immutable and thread-safe.
 *
 * @param event where the event name is ({@code /type} by default, Stripe's and most providers' place)
 * @param eventId where the provider's event id is ({@code /id} by default); empty: the body's hash identifies the delivery
 * @param userId where the user id is; empty: none
 * @param anonymousId where the anonymous id is; empty: none
 * @param timestamp where the event time is, an ISO-8601 text or integral unix seconds; empty: the receive time is used downstream
 */
public record WebhookMapping(JsonPointer event, Optional<JsonPointer> eventId, Optional<JsonPointer> userId,
    Optional<JsonPointer> anonymousId, Optional<JsonPointer> timestamp) {

  /** The event fields a mapping can set; {@link #key()} is how the configuration names them. */
  public enum Target {
    EVENT("event"), EVENT_ID("event_id"), USER_ID("user_id"), ANONYMOUS_ID("anonymous_id"), TIMESTAMP("timestamp");

    private final String key;

    Target(String key) {
      this.key = key;
    }

    /** The name in {@code ingest.webhook.mappings}. */
    public String key() {
      return key;
    }

    /** The target named {@code key}, if any. */
    public static Optional<Target> of(String key) {
      for (Target t : values()) {
        if (t.key.equals(key.toLowerCase(Locale.ROOT))) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  /** Event name from {@code /type}, event id from {@code /id}, no identity or time pointers. */
  public static final WebhookMapping DEFAULT = new WebhookMapping(JsonPointer.compile("/type"),
      Optional.of(JsonPointer.compile("/id")), Optional.empty(), Optional.empty(), Optional.empty());

  public WebhookMapping {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /**
   * This mapping with {@code target} read from {@code pointer}; an empty pointer unsets an optional target.
   *
   * @throws IllegalArgumentException when the pointer is not a JSON pointer, or would unset the event name
   */
  public WebhookMapping with(Target target, String pointer) {
    Optional<JsonPointer> p = pointer.isEmpty() ? Optional.empty() : Optional.of(compile(pointer));
    return switch (target) {
      case EVENT -> new WebhookMapping(p.orElseThrow(() -> new IllegalArgumentException(
          "the event name needs a pointer, e.g. /type")), eventId, userId, anonymousId, timestamp);
      case EVENT_ID -> new WebhookMapping(event, p, userId, anonymousId, timestamp);
      case USER_ID -> new WebhookMapping(event, eventId, p, anonymousId, timestamp);
      case ANONYMOUS_ID -> new WebhookMapping(event, eventId, userId, p, timestamp);
      case TIMESTAMP -> new WebhookMapping(event, eventId, userId, anonymousId, p);
    };
  }

  /** The outcome of {@link #map}. */
  public sealed interface Outcome permits Mapped, Unmappable {}

  /** The event to validate and publish. */
  public record Mapped(ObjectNode event) implements Outcome {}

  /** The payload lacks what the mapping expects; {@code rejected.field()} is the JSON pointer. */
  public record Unmappable(Rejected rejected) implements Outcome {}

  /** Maps a delivery to {@code source} with parsed {@code payload} and raw {@code body} (for the body hash). */
  public Outcome map(String source, JsonNode payload, byte[] body) {
    if (payload == null || !payload.isObject()) {
      return unmappable("$", Rule.OBJECT, "a webhook payload must be a JSON object, got " + (payload == null ? "nothing" : EventFields.kind(payload)));
    }
    try {
      ObjectNode out = EventJson.object();
      out.put("type", "track");
      out.put("event", text(payload, event, source, Target.EVENT, false));
      out.put("event_id", eventId.isPresent()
          ? WebhookEventIds.fromProviderId(source, text(payload, eventId.get(), source, Target.EVENT_ID, true))
          : WebhookEventIds.fromBody(source, body));
      if (userId.isPresent()) {
        out.put("user_id", text(payload, userId.get(), source, Target.USER_ID, true));
      }
      if (anonymousId.isPresent()) {
        out.put("anonymous_id", text(payload, anonymousId.get(), source, Target.ANONYMOUS_ID, true));
      }
      if (userId.isEmpty() && anonymousId.isEmpty()) {
        out.put("anonymous_id", source);
      }
      if (timestamp.isPresent()) {
        out.put("timestamp", time(payload, timestamp.get(), source).toString());
      }
      out.set("properties", payload.deepCopy());
      return new Mapped(out);
    } catch (Refusal r) {
      return new Unmappable(r.rejected);
    }
  }

  private static String text(JsonNode payload, JsonPointer pointer, String source, Target target, boolean integral) {
    JsonNode v = present(payload, pointer, source, target);
    if (v.isTextual() && !v.textValue().isBlank()) {
      return v.textValue();
    }
    if (integral && v.isIntegralNumber()) {
      return v.asText();
    }
    throw new Refusal(new Rejected(pointer.toString(), v.isTextual() ? Rule.NOT_EMPTY : Rule.TYPE,
        "the webhook mapping of source " + source + " takes " + target.key() + " from " + pointer + ", which must be "
            + (integral ? "a non-empty string or an integer" : "a non-empty string") + ", got " + EventFields.kind(v)));
  }

  private static Instant time(JsonNode payload, JsonPointer pointer, String source) {
    JsonNode v = present(payload, pointer, source, Target.TIMESTAMP);
    Instant at = null;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      try {
        at = Instant.ofEpochSecond(v.longValue());
      } catch (java.time.DateTimeException e) {
        at = null;
      }
    } else if (v.isTextual()) {
      at = EventFields.parseTime(v.textValue());
    }
    if (at == null) {
      throw new Refusal(new Rejected(pointer.toString(), Rule.ISO8601, "the webhook mapping of source " + source
          + " takes the timestamp from " + pointer + ", which must be an ISO-8601 date-time with offset or integral "
          + "unix seconds, got " + EventFields.kind(v)));
    }
    return at;
  }

  private static JsonNode present(JsonNode payload, JsonPointer pointer, String source, Target target) {
    JsonNode v = payload.at(pointer);
    if (v.isMissingNode() || v.isNull()) {
      throw new Refusal(new Rejected(pointer.toString(), Rule.REQUIRED, "the webhook mapping of source " + source
          + " takes " + target.key() + " from " + pointer + ", which this payload lacks (ingest.webhook.mappings)"));
    }
    return v;
  }

  private static Unmappable unmappable(String field, Rule rule, String message) {
    return new Unmappable(new Rejected(field, rule, message));
  }

  private static JsonPointer compile(String pointer) {
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("'" + pointer + "' is not a JSON pointer; it starts with '/', e.g. /data/object/id");
    }
    try {
      return JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + pointer + "' is not a JSON pointer: " + e.getMessage(), e);
    }
  }

  /** Unwinds {@link #map} at the first field the payload lacks; never escapes this class. */
  private static final class Refusal extends RuntimeException {
    private final transient Rejected rejected;

    Refusal(Rejected rejected) {
      super(null, null, false, false);
      this.rejected = rejected;
    }
  }
}
