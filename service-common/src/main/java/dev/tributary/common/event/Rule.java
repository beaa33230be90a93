package dev.tributary.common.event;

/**
 * The one vocabulary of event errors, shared by the ingest service and the stream processor (see
 * {@link EventContract}): {@link #code()} is the stable machine-readable name the HTTP error body
 * carries in {@code "rule"} and a dead letter's detail ends with; {@link #kind()} is the coarse class
 * a dead letter's reason is derived from.
 *
 * <p>Immutable and thread-safe.
 */
public enum Rule {
  /** The event (or batch item) is not a JSON object. */
  OBJECT("object", Kind.MALFORMED),
  /** A required field is absent or null. */
  REQUIRED("required", Kind.MISSING),
  /** A field has the wrong JSON type (e.g. a number where a string belongs). */
  TYPE("type"),
  /** A string field is empty or blank. */
  NOT_EMPTY("not_empty"),
  /** A string field is longer than allowed. */
  MAX_LENGTH("max_length"),
  /** A field's value is not one of the allowed values. */
  ONE_OF("one_of"),
  /** Two spellings of one field (e.g. user_id and userId) carry different values. */
  CONFLICT("conflict"),
  /** A time field is not an ISO-8601 date-time with offset. */
  ISO8601("iso8601"),
  /** A time field lies too far ahead of the server clock. */
  MAX_FUTURE("max_future"),
  /** A time field lies too far behind the server clock. */
  MAX_PAST("max_past"),
  /** The event's compact JSON is larger than allowed. */
  MAX_BYTES("max_bytes"),
  /** The body is not syntactically valid JSON (or is empty, or has trailing data). */
  JSON_SYNTAX("json_syntax", Kind.MALFORMED),
  /** The body is not valid UTF-8. */
  UTF8("utf8", Kind.MALFORMED),
  /** An object repeats a key; which value was meant is ambiguous, so neither is guessed. */
  DUPLICATE_KEY("duplicate_key", Kind.MALFORMED),
  /** Objects/arrays are nested deeper than allowed. */
  MAX_DEPTH("max_depth"),
  /** A number is too long or too large to be stored without loss downstream. */
  MAX_NUMBER("max_number"),
  /** A string (value or key) contains the NUL character, which downstream stores truncate or refuse. */
  NUL_CHARACTER("nul_character"),
  /** The event time after clock-skew correction cannot be a Kafka timestamp (before 1970, or overflows). */
  EVENT_TIME("event_time"),
  /** A track event whose name the configured tracking plan does not list (streams {@code tracking.plan.events}). */
  NOT_IN_TRACKING_PLAN("not_in_tracking_plan");

  /** How a broken rule classes the event: unreadable as a JSON object, missing a field, or a field is wrong. */
  public enum Kind { MALFORMED, MISSING, INVALID }

  private final String code;
  private final Kind kind;

  Rule(String code) {
    this(code, Kind.INVALID);
  }

  Rule(String code, Kind kind) {
    this.code = code;
    this.kind = kind;
  }

  /** The coarse class of the rule. */
  public Kind kind() {
    return kind;
  }

  /** The name used on the wire. */
  public String code() {
    return code;
  }
}
