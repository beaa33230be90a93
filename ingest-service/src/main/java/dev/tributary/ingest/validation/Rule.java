package dev.tributary.ingest.validation;

/**
 * The validation rules an event can fail; {@link #code()} is the stable machine-readable name the
 * HTTP error body carries in {@code "rule"}.
 */
public enum Rule {
  /** The event (or batch item) is not a JSON object. */
  OBJECT("object"),
  /** A required field is absent or null. */
  REQUIRED("required"),
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
  JSON_SYNTAX("json_syntax"),
  /** The body is not valid UTF-8. */
  UTF8("utf8"),
  /** An object repeats a key; which value was meant is ambiguous, so neither is guessed. */
  DUPLICATE_KEY("duplicate_key"),
  /** Objects/arrays are nested deeper than allowed. */
  MAX_DEPTH("max_depth"),
  /** A number is too long or too large to be stored without loss downstream. */
  MAX_NUMBER("max_number"),
  /** A string (value or key) contains the NUL character, which downstream stores truncate or refuse. */
  NUL_CHARACTER("nul_character");

  private final String code;

  Rule(String code) {
    this.code = code;
  }

  /** The name used on the wire. */
  public String code() {
    return code;
  }
}
