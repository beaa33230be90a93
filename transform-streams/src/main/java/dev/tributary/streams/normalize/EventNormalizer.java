package dev.tributary.streams.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.RawEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the client JSON carried in a {@link RawEvent} into a {@link CleanEvent}, or says which
 * rule it broke. Streams parses the payload again instead of trusting the ingest service, so a
 * bug or an older version at the door cannot put a malformed event into the warehouse.
 *
 * <p>Rules, in order: the payload is a JSON object ({@code MALFORMED_JSON}); {@code type} is one
 * of {@link #TYPES} (default {@code track}); an event name exists ({@code event}, or for
 * non-track calls the page/screen {@code name} or the type itself) and is at most
 * {@code maxEventNameLength} characters; {@code user_id}/{@code userId} or
 * {@code anonymous_id}/{@code anonymousId} is present ({@code MISSING_FIELD}); timestamps are
 * ISO-8601 with offset, {@code properties}/{@code context} are objects ({@code INVALID_FIELD}).
 * Fields of the other Segment calls are kept when present, whatever the type (the ingest service
 * accepts them on any call too): {@code traits} (identify, group) must be an object;
 * {@code group_id}/{@code groupId} (group) and {@code previous_id}/{@code previousId} (alias) must be
 * non-empty strings of at most {@link #MAX_ID_LENGTH} characters ({@code INVALID_FIELD}).
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
  public static final Set<String> TYPES = Set.of("track", "identify", "page", "screen", "group", "alias");
  public static final String DEFAULT_TYPE = "track";
  public static final int DEFAULT_MAX_EVENT_NAME_LENGTH = 200;
  /** Longest accepted group or previous id, in characters (the ingest service's limit). */
  public static final int MAX_ID_LENGTH = 255;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final long clockSkewToleranceMs;
  private final int maxEventNameLength;

  /**
   * @param clockSkewTolerance how far after {@code received_at} a corrected event time may lie
   * @param maxEventNameLength longest accepted event name, in characters
   */
  public EventNormalizer(Duration clockSkewTolerance, int maxEventNameLength) {
    if (clockSkewTolerance.isNegative()) {
      throw new IllegalArgumentException("clock skew tolerance must not be negative: " + clockSkewTolerance);
    }
    if (maxEventNameLength < 1) {
      throw new IllegalArgumentException("max event name length must be positive: " + maxEventNameLength);
    }
    this.clockSkewToleranceMs = clockSkewTolerance.toMillis();
    this.maxEventNameLength = maxEventNameLength;
  }

  /** Validates and normalises one raw event; never throws for bad client input. */
  public NormalizeResult normalize(RawEvent raw) {
    Objects.requireNonNull(raw, "raw");
    ObjectNode root;
    try {
      root = parseObject(raw.getPayload());
    } catch (Rejection r) {
      return r.toResult();
    }
    try {
      return new NormalizeResult.Accepted(clean(raw, new PayloadFields(root, JSON)));
    } catch (Rejection r) {
      return r.toResult();
    }
  }

  private static ObjectNode parseObject(String payload) {
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new Rejection(DeadLetterReason.MALFORMED_JSON, null,
          "payload is not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw new Rejection(DeadLetterReason.MALFORMED_JSON, null, "payload is empty, expected a JSON object");
    }
    if (!node.isObject()) {
      throw new Rejection(DeadLetterReason.MALFORMED_JSON, null,
          "payload must be a JSON object, got " + PayloadFields.kind(node));
    }
    return (ObjectNode) node;
  }

  private CleanEvent clean(RawEvent raw, PayloadFields fields) {
    String type = type(fields);
    String event = eventName(fields, type);
    Optional<String> userId = fields.identity("user_id", "userId");
    Optional<String> anonymousId = fields.identity("anonymous_id", "anonymousId");
    if (userId.isEmpty() && anonymousId.isEmpty()) {
      throw Rejection.missing("user_id",
          "an identity is required: user_id (userId) or anonymous_id (anonymousId)");
    }
    Optional<Instant> original = fields.instant("timestamp");
    Optional<Instant> sentAt = fields.instant("sent_at", "sentAt");
    Instant receivedAt = raw.getReceivedAt();
    return CleanEvent.newBuilder()
        .setEventId(raw.getEventId())
        .setType(type)
        .setEvent(event)
        .setUserId(userId.orElse(null))
        .setAnonymousId(anonymousId.orElse(null))
        .setTimestamp(eventTime(receivedAt, original, sentAt))
        .setOriginalTimestamp(original.orElse(null))
        .setSentAt(sentAt.orElse(null))
        .setReceivedAt(receivedAt)
        .setSource(raw.getSource())
        .setProperties(fields.objectText("properties"))
        .setContext(fields.objectText("context"))
        .setRevenue(fields.revenue())
        .setTraits(fields.optionalObjectText("traits").orElse(null))
        .setGroupId(fields.id(MAX_ID_LENGTH, "group_id", "groupId").orElse(null))
        .setPreviousId(fields.id(MAX_ID_LENGTH, "previous_id", "previousId").orElse(null))
        .build();
  }

  private static String type(PayloadFields fields) {
    String type = fields.text("type").map(t -> t.toLowerCase(Locale.ROOT)).orElse(DEFAULT_TYPE);
    if (!TYPES.contains(type)) {
      throw Rejection.invalid("type", "type must be one of track, identify, page, screen, group,"
          + " alias; got an unknown type");
    }
    return type;
  }

  private String eventName(PayloadFields fields, String type) {
    Optional<String> named = fields.text("event");
    if (named.isEmpty() && (type.equals("page") || type.equals("screen"))) {
      named = fields.text("name");
    }
    if (named.isEmpty() && !type.equals(DEFAULT_TYPE)) {
      named = Optional.of(type);
    }
    String event = named.orElseThrow(() -> Rejection.missing("event",
        "event (the event name) is required for track calls and must not be blank"));
    int length = event.codePointCount(0, event.length());
    if (length > maxEventNameLength) {
      throw Rejection.invalid("event", "event name must be at most " + maxEventNameLength
          + " characters, got " + length);
    }
    return event;
  }

  private Instant eventTime(Instant receivedAt, Optional<Instant> original, Optional<Instant> sentAt) {
    long received = receivedAt.toEpochMilli();
    long corrected;
    if (original.isPresent() && sentAt.isPresent()) {
      try {
        corrected = Math.subtractExact(received,
            Math.subtractExact(sentAt.get().toEpochMilli(), original.get().toEpochMilli()));
      } catch (ArithmeticException e) {
        throw Rejection.invalid("sent_at", "sent_at and timestamp are too far apart to correct clock skew");
      }
    } else if (original.isPresent()) {
      corrected = original.get().toEpochMilli();
    } else {
      corrected = received;
    }
    if (corrected < 0) {
      // Kafka record timestamps cannot be negative; such an event could not be windowed
      throw Rejection.invalid("timestamp", "event time must not be before 1970-01-01T00:00:00Z"
          + " (after clock-skew correction: received_at - (sent_at - timestamp))");
    }
    if (corrected - received > clockSkewToleranceMs) {
      return receivedAt;
    }
    return Instant.ofEpochMilli(corrected);
  }
}
