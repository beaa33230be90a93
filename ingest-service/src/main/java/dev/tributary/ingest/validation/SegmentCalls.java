package dev.tributary.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Turns what Segment's libraries send into the events the validator judges, as Segment's HTTP
 * Tracking API documents it: a typed route ({@code /v1/track}...) sets {@code type}; a batch's
 * top-level {@code sentAt} (the time the client sent the request, used downstream to correct clock
 * skew) is copied into every item that has none of its own, as are top-level {@code context} and
 * {@code integrations}; an item with only {@code originalTimestamp} (the device time) gets it as
 * {@code timestamp}, which downstream corrects with {@code sentAt}. The {@code writeKey} field is
 * removed everywhere: it is a secret and must not reach Kafka.
 *
 * <p>Pure: inputs are never modified (copies are returned). Stateless and thread-safe.
 */
public final class SegmentCalls {

  /** The body field Segment's libraries put the write key in. */
  public static final String WRITE_KEY = "writeKey";

  private static final List<String> INHERITED = List.of("context", "integrations");

  private SegmentCalls() {}

  /** The write key carried in a body's top-level {@code writeKey}, if it is a non-empty string. */
  public static Optional<String> writeKey(JsonNode body) {
    JsonNode key = body == null || !body.isObject() ? null : body.get(WRITE_KEY);
    return key != null && key.isTextual() && !key.textValue().isEmpty() ? Optional.of(key.textValue()) : Optional.empty();
  }

  /**
   * One call's event: for a typed route {@code type} is set to the route's type (a conflicting
   * {@code type} in the body is overridden); {@code routeType} null keeps the body's. Non-objects are
   * returned unchanged for the validator to reject.
   */
  public static JsonNode single(JsonNode body, String routeType) {
    if (!body.isObject()) {
      return body;
    }
    ObjectNode event = normalised((ObjectNode) body);
    if (routeType != null) {
      event.put("type", routeType);
    }
    return event;
  }

  /** A batch item with the batch's {@code sentAt}, {@code context} and {@code integrations} applied. */
  static JsonNode batchItem(JsonNode item, JsonNode batchBody) {
    if (!item.isObject()) {
      return item;
    }
    ObjectNode event = normalised((ObjectNode) item);
    if (batchBody.isObject()) {
      JsonNode sentAt = batchBody.get("sentAt");
      if (sentAt != null && !sentAt.isNull() && absent(event, "sentAt") && absent(event, "sent_at")) {
        event.set("sentAt", sentAt.deepCopy());
      }
      for (String name : INHERITED) {
        JsonNode value = batchBody.get(name);
        if (value != null && !value.isNull() && absent(event, name)) {
          event.set(name, value.deepCopy());
        }
      }
    }
    return event;
  }

  private static ObjectNode normalised(ObjectNode original) {
    ObjectNode event = original.deepCopy();
    event.remove(WRITE_KEY);
    JsonNode originalTimestamp = event.get("originalTimestamp");
    if (originalTimestamp != null && originalTimestamp.isTextual() && absent(event, "timestamp")) {
      event.set("timestamp", originalTimestamp);
    }
    return event;
  }

  private static boolean absent(ObjectNode event, String name) {
    JsonNode v = event.get(name);
    return v == null || v.isNull();
  }
}
