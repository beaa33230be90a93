package dev.tributary.streams.sessions;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The rules that cut an identity's events into sessions, and what makes a session a conversion.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inactivity a gap of at least this long between two consecutive events (in event time)
 *     starts a new session
 * @param maxDuration an event at least this long after its session's start starts a new session,
 *     so a session spans less than this
 * @param grace how far behind the stream time (the task's latest record timestamp: the ingest time
 *     of events.raw) an event's time may be
 *     and still be placed into the sessions it belongs to; an older event gets a session of its own
 *     with status {@code late}
 * @param conversionEvents event names that mark a session as converted; at least one, none blank
 */
public record SessionRules(Duration inactivity, Duration maxDuration, Duration grace, Set<String> conversionEvents) {

  public SessionRules {
    Objects.requireNonNull(inactivity, "inactivity");
    Objects.requireNonNull(maxDuration, "maxDuration");
    Objects.requireNonNull(grace, "grace");
    if (inactivity.isNegative() || inactivity.isZero() || maxDuration.compareTo(inactivity) < 0 || grace.isNegative()) {
      throw new IllegalArgumentException("need 0 < inactivity <= max duration and grace >= 0, got " + inactivity
          + ", " + maxDuration + ", " + grace);
    }
    conversionEvents = Set.copyOf(conversionEvents);
    if (conversionEvents.isEmpty() || conversionEvents.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("conversion events must name at least one event and no blank one: "
          + conversionEvents);
    }
  }

  /** Whether an event at {@code time} starts a new session after a session from {@code start} to {@code end}. */
  boolean startsNewSession(long start, long end, long time) {
    return time - end >= inactivity.toMillis() || time - start >= maxDuration.toMillis();
  }
}
