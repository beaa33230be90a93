package dev.tributary.common.event;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The event contract the ingest service (at the door) and the stream processor (on
 * {@code events.raw}) both enforce, written once: the fields and their accepted spellings, the call
 * types, the length limits, how blank values and disagreeing spellings are treated, and the error
 * vocabulary ({@link Rule}). Both read events through {@link EventFields}, so a rule changed here
 * changes in both.
 *
 * <p>Where the two differ, they differ on purpose, and only in the ways listed by {@link Leniency}:
 * the door ({@link #DOOR}) is strict, because it can answer the client and the client can fix the
 * event; the stream ({@link #STREAM}) is lenient in exactly those ways, because what it rejects
 * becomes a dead letter nobody can fix at the source, and because {@code events.raw} also receives
 * records from sources other than the door (CDC, backfills, older ingest versions) that follow the
 * spirit of the contract rather than its letter. The stream is never stricter than the door: an
 * event the door accepts is never dead-lettered for a field rule (a test feeds both the same cases).
 *
 * <p>Stateless and thread-safe.
 */
public final class EventContract {

  /**
   * One event field and its accepted spellings. The first spelling is the primary one: it names
   * the field in a "required" error, and it wins when a lenient reader sees spellings disagree.
   */
  public record Field(List<String> spellings) {
    public Field {
      spellings = List.copyOf(spellings);
      if (spellings.isEmpty()) {
        throw new IllegalArgumentException("a field has at least one spelling");
      }
    }

    /** The primary spelling. */
    public String name() {
      return spellings.get(0);
    }

    static Field of(String... spellings) {
      return new Field(List.of(spellings));
    }
  }

  /** The call type; {@link #DEFAULT_TYPE} when absent. */
  public static final Field TYPE = Field.of("type");
  /** The event name; required for track calls. */
  public static final Field EVENT = Field.of("event");
  /** The page or screen name, the event name of a page/screen call that has no {@code event}. */
  public static final Field NAME = Field.of("name");
  public static final Field USER_ID = Field.of("user_id", "userId");
  public static final Field ANONYMOUS_ID = Field.of("anonymous_id", "anonymousId");
  /** The client's idempotency key; Segment calls it messageId. */
  public static final Field EVENT_ID = Field.of("event_id", "messageId");
  /** The client's event time (device clock). */
  public static final Field TIMESTAMP = Field.of("timestamp");
  /** Segment's device time; the door copies it into {@code timestamp} when that is absent. */
  public static final Field ORIGINAL_TIMESTAMP = Field.of("originalTimestamp");
  /** When the client sent the request (device clock), for clock-skew correction. */
  public static final Field SENT_AT = Field.of("sent_at", "sentAt");
  /** The group of a group call; a Segment field, hence camelCase first. */
  public static final Field GROUP_ID = Field.of("groupId", "group_id");
  /** The former id of an alias call; a Segment field, hence camelCase first. */
  public static final Field PREVIOUS_ID = Field.of("previousId", "previous_id");
  public static final Field PROPERTIES = Field.of("properties");
  public static final Field CONTEXT = Field.of("context");
  public static final Field TRAITS = Field.of("traits");
  public static final Field INTEGRATIONS = Field.of("integrations");
  /** Fields that, when present and not null, must be JSON objects. */
  public static final List<Field> OBJECT_FIELDS = List.of(PROPERTIES, CONTEXT, TRAITS, INTEGRATIONS);

  /** The call types of the Segment spec, in the spec's order. */
  public static final List<String> CALL_TYPES = List.of("track", "identify", "page", "screen", "group", "alias");
  public static final String DEFAULT_TYPE = "track";

  /** Longest event name (and call type text), in code points, at the door; the stream's default. */
  public static final int MAX_EVENT_NAME_LENGTH = 200;
  /**
   * Largest event-name limit the stream may be configured with ({@code event.name.max.length}).
   * Its smallest is {@link #MAX_EVENT_NAME_LENGTH}: a stream limit below the door's would dead-letter
   * names the door accepted; above it, names from other sources may be longer.
   */
  public static final int MAX_STREAM_EVENT_NAME_LENGTH = 10_000;
  /** Longest identity, event id, group id or previous id, in code points. */
  public static final int MAX_ID_LENGTH = 255;
  /** Longest text of a time field; longer text cannot be an ISO-8601 date-time. */
  public static final int MAX_TIME_TEXT_LENGTH = 64;

  /** The ways the stream is deliberately more lenient than the door; the door allows none of them. */
  public enum Leniency {
    /**
     * {@code type} is matched ignoring case ({@code "Track"} is track). The door insists on the
     * spec's lower case so clients learn it; other sources (CDC of a table with an enum column)
     * often capitalise.
     */
    TYPE_CASE,
    /**
     * A blank string counts as absent (and surrounding whitespace is removed). The door rejects it
     * ({@link Rule#NOT_EMPTY}) because a client that sends a field meant to set it; databases feeding
     * CDC and backfills store {@code ''} for "no value".
     */
    BLANK_AS_ABSENT,
    /**
     * When two spellings of a field carry different values, the primary spelling wins. The door
     * rejects the event ({@link Rule#CONFLICT}) so the client says which one it meant; downstream
     * there is nobody to ask, and dropping the event loses more than picking the primary spelling.
     */
    PRIMARY_SPELLING_WINS,
    /**
     * An identity may be an integral JSON number (kept as its decimal text). The door asks for
     * strings, as Segment does; database-sourced records carry numeric user ids.
     */
    NUMERIC_IDENTITY,
    /**
     * A group call without a group id, or an alias call without a previous id, is kept. The door
     * requires them ({@link Rule#REQUIRED}); the stream keeps the event, whose other facts are good.
     */
    CALL_IDS_OPTIONAL,
    /**
     * Time fields are not checked against a clock ({@link Rule#MAX_FUTURE}, {@link Rule#MAX_PAST}):
     * the stream has no "now" to compare with (it may replay a year-old topic); it corrects clock
     * skew against {@code received_at} and clamps event times too far in the future instead.
     */
    NO_CLOCK_BOUNDS,
    /**
     * Fields the stream does not store are not checked: {@code event_id}/{@code messageId} (the
     * stream takes the id the door assigned, from the raw record), {@code originalTimestamp} (the
     * door has copied it into {@code timestamp}) and {@code integrations}.
     */
    UNSTORED_FIELDS_IGNORED,
    /**
     * The limits of an HTTP request body are not re-checked (event bytes, nesting depth, number
     * length, NUL characters): they protect the door; a Kafka record is bounded by the broker.
     */
    NO_BODY_LIMITS
  }

  /**
   * How strictly one reader applies the contract: the set of {@link Leniency}s it allows, and its
   * event-name limit.
   */
  public record Strictness(Set<Leniency> lenient, int maxEventNameLength) {
    public Strictness {
      lenient = lenient.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(lenient));
      if (maxEventNameLength < 1 || maxEventNameLength > MAX_STREAM_EVENT_NAME_LENGTH) {
        throw new IllegalArgumentException("event name limit must lie in 1.." + MAX_STREAM_EVENT_NAME_LENGTH
            + ": " + maxEventNameLength);
      }
    }

    /** Whether this reader allows {@code leniency}. */
    public boolean allows(Leniency leniency) {
      return lenient.contains(Objects.requireNonNull(leniency));
    }

    /** The same strictness with another event-name limit (the stream's is configurable). */
    public Strictness withMaxEventNameLength(int limit) {
      return new Strictness(lenient, limit);
    }
  }

  /** The ingest service: every rule, strictly. */
  public static final Strictness DOOR = new Strictness(Set.of(), MAX_EVENT_NAME_LENGTH);
  /** The stream processor: every {@link Leniency}, the door's event-name limit by default. */
  public static final Strictness STREAM = new Strictness(EnumSet.allOf(Leniency.class), MAX_EVENT_NAME_LENGTH);

  private EventContract() {}
}
