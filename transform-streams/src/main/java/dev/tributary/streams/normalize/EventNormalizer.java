package dev.tributary.streams.normalize;

import static dev.tributary.common.event.EventContract.ANONYMOUS_ID;
import static dev.tributary.common.event.EventContract.CONTEXT;
import static dev.tributary.common.event.EventContract.GROUP_ID;
import static dev.tributary.common.event.EventContract.PREVIOUS_ID;
import static dev.tributary.common.event.EventContract.PROPERTIES;
import static dev.tributary.common.event.EventContract.SENT_AT;
import static dev.tributary.common.event.EventContract.TIMESTAMP;
import static dev.tributary.common.event.EventContract.TRAITS;
import static dev.tributary.common.event.EventContract.USER_ID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.event.EventContract;
import dev.tributary.common.event.EventContract.Strictness;
import dev.tributary.common.event.EventFields;
import dev.tributary.common.event.EventViolation;
import dev.tributary.common.event.Rule;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.RawEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the client JSON carried in a {@link RawEvent} into a {@link CleanEvent}, or says which
 * rule it broke. Streams parses the payload again instead of trusting the ingest service, so a
 * bug or an older version at the door, or another source writing to the raw topic, cannot put a
 * malformed event into the warehouse.
 *
 * <p>The rules are the shared {@link EventContract} with the stream's leniencies
 * ({@link EventContract#STREAM}: type case, blank as absent, primary spelling wins, numeric
 * identities, optional call ids, no clock bounds, unstored fields ignored), read through
 * {@link EventFields}, in this order: the payload is a JSON object; {@code type} is a call type
 * (default {@code track}); the event name ({@code event}, for page/screen calls their {@code name},
 * for other non-track calls the type) is at most {@code maxEventNameLength} characters; an identity
 * is present; time fields are ISO-8601 with offset; {@code properties}/{@code context}/{@code traits}
 * are objects; group and previous ids are strings within {@link EventContract#MAX_ID_LENGTH}. A
 * broken rule becomes a dead letter whose reason is the rule's {@link Rule.Kind} and whose detail
 * ends with the rule's code, the same vocabulary the HTTP API answers with.
 *
 * <p>Event time is corrected for client clock skew: {@code received_at - (sent_at - timestamp)}
 * when both are sent, the client {@code timestamp} when only it is sent, {@code received_at}
 * otherwise; a result more than the clock-skew tolerance after {@code received_at} is replaced by
 * {@code received_at} (a client with a broken clock must not push stream time into the future
 * and close every open window early).
 *
 * <p>Pure (no Kafka, no clock) and thread-safe: the Jackson mapper is immutable once built.
 */
public final class EventNormalizer {

  /** Call types of the Segment-style event API. */
  public static final List<String> TYPES = EventContract.CALL_TYPES;
  public static final String DEFAULT_TYPE = EventContract.DEFAULT_TYPE;
  public static final int DEFAULT_MAX_EVENT_NAME_LENGTH = EventContract.MAX_EVENT_NAME_LENGTH;
  /** Longest accepted identity, group or previous id, in characters (the contract's limit). */
  public static final int MAX_ID_LENGTH = EventContract.MAX_ID_LENGTH;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final long clockSkewToleranceMs;
  private final Strictness strictness;
  private final Set<String> trackingPlan;

  /**
   * @param clockSkewTolerance how far after {@code received_at} a corrected event time may lie
   * @param maxEventNameLength longest accepted event name, in characters
   */
  public EventNormalizer(Duration clockSkewTolerance, int maxEventNameLength) {
    this(clockSkewTolerance, maxEventNameLength, Set.of());
  }

  /**
   * @param clockSkewTolerance how far after {@code received_at} a corrected event time may lie
   * @param maxEventNameLength longest accepted event name, in characters
   * @param trackingPlan the track event names that are clean; any other track event is a dead letter
   *     ({@link Rule#NOT_IN_TRACKING_PLAN}); empty accepts every name
   */
  public EventNormalizer(Duration clockSkewTolerance, int maxEventNameLength, Set<String> trackingPlan) {
    if (clockSkewTolerance.isNegative()) {
      throw new IllegalArgumentException("clock skew tolerance must not be negative: " + clockSkewTolerance);
    }
    if (maxEventNameLength < 1) {
      throw new IllegalArgumentException("max event name length must be positive: " + maxEventNameLength);
    }
    this.clockSkewToleranceMs = clockSkewTolerance.toMillis();
    this.strictness = EventContract.STREAM.withMaxEventNameLength(maxEventNameLength);
    this.trackingPlan = Set.copyOf(trackingPlan);
  }

  /** Validates and normalises one raw event; never throws for bad client input. */
  public NormalizeResult normalize(RawEvent raw) {
    Objects.requireNonNull(raw, "raw");
    try {
      ObjectNode root = parseObject(raw.getPayload());
      return new NormalizeResult.Accepted(clean(raw, root));
    } catch (EventViolation v) {
      return NormalizeResult.Rejected.of(v);
    }
  }

  private static ObjectNode parseObject(String payload) {
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      String detail = e.getOriginalMessage();
      Rule rule = detail != null && detail.startsWith("Duplicate field") ? Rule.DUPLICATE_KEY : Rule.JSON_SYNTAX;
      throw new EventViolation(null, rule, "payload is not valid JSON" + where + ": " + detail);
    }
    if (node == null || node.isMissingNode()) {
      throw new EventViolation(null, Rule.JSON_SYNTAX, "payload is empty, expected a JSON object");
    }
    if (!node.isObject()) {
      throw new EventViolation(null, Rule.OBJECT, "payload must be a JSON object, got " + EventFields.kind(node));
    }
    return (ObjectNode) node;
  }

  private CleanEvent clean(RawEvent raw, ObjectNode root) {
    EventFields fields = new EventFields(root, strictness);
    String type = fields.type();
    String event = fields.eventName(type);
    if (!trackingPlan.isEmpty() && type.equals(EventContract.DEFAULT_TYPE) && !trackingPlan.contains(event)) {
      throw new EventViolation("event", Rule.NOT_IN_TRACKING_PLAN, "track event `" + event + "` is not in the"
          + " tracking plan (tracking.plan.events); add it there, then replay its dead letters");
    }
    fields.requireCallIds(type);
    Optional<String> userId = fields.identity(USER_ID);
    Optional<String> anonymousId = fields.identity(ANONYMOUS_ID);
    fields.requireIdentity(userId, anonymousId);
    Optional<Instant> original = fields.time(TIMESTAMP);
    Optional<Instant> sentAt = fields.time(SENT_AT);
    Instant receivedAt = raw.getReceivedAt();
    Instant eventTime = eventTime(receivedAt, original, sentAt);
    Optional<ObjectNode> properties = fields.object(PROPERTIES);
    String context = fields.object(CONTEXT).map(EventNormalizer::compact).orElse("{}");
    String traits = fields.object(TRAITS).map(EventNormalizer::compact).orElse(null);
    return CleanEvent.newBuilder()
        .setEventId(raw.getEventId())
        .setType(type)
        .setEvent(event)
        .setUserId(userId.orElse(null))
        .setAnonymousId(anonymousId.orElse(null))
        .setTimestamp(eventTime)
        .setOriginalTimestamp(original.orElse(null))
        .setSentAt(sentAt.orElse(null))
        .setReceivedAt(receivedAt)
        .setSource(raw.getSource())
        .setProperties(properties.map(EventNormalizer::compact).orElse("{}"))
        .setContext(context)
        .setRevenue(Revenue.of(properties.orElse(null)))
        .setTraits(traits)
        .setGroupId(fields.id(GROUP_ID).orElse(null))
        .setPreviousId(fields.id(PREVIOUS_ID).orElse(null))
        .setBackfill(raw.getBackfill())
        .build();
  }

  private static String compact(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write back a parsed JSON tree", e);
    }
  }

  private Instant eventTime(Instant receivedAt, Optional<Instant> original, Optional<Instant> sentAt) {
    long received = receivedAt.toEpochMilli();
    long corrected;
    if (original.isPresent() && sentAt.isPresent()) {
      try {
        corrected = Math.subtractExact(received,
            Math.subtractExact(sentAt.get().toEpochMilli(), original.get().toEpochMilli()));
      } catch (ArithmeticException e) {
        throw new EventViolation("sent_at", Rule.EVENT_TIME, "sent_at and timestamp are too far apart to correct clock skew");
      }
    } else if (original.isPresent()) {
      corrected = original.get().toEpochMilli();
    } else {
      corrected = received;
    }
    if (corrected < 0) {
      // Kafka record timestamps cannot be negative; such an event could not be windowed
      throw new EventViolation("timestamp", Rule.EVENT_TIME, "event time must not be before 1970-01-01T00:00:00Z"
          + " (after clock-skew correction: received_at - (sent_at - timestamp))");
    }
    if (corrected - received > clockSkewToleranceMs) {
      return receivedAt;
    }
    return Instant.ofEpochMilli(corrected);
  }
}
