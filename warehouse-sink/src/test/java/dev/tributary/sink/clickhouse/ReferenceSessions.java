package dev.tributary.sink.clickhouse;

import dev.tributary.events.CleanEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The sessions of a set of events, cut the way docs/SESSIONS-AND-IDENTITY.md says and written
 * here from that text, not from the streams code: per identity, in event-time order (ties by event
 * id), a new session starts at an event at least 30 minutes after the previous one or at least 24
 * hours after its session's start. What the warehouse's live sessions must equal, for checking the
 * session metrics' SQL against the events.
 */
final class ReferenceSessions {

  static final Duration INACTIVITY = Duration.ofMinutes(30);
  static final Duration MAX_DURATION = Duration.ofHours(24);

  /** One session: its identity, first and last event time and number of events. */
  record Session(String identity, Instant start, Instant end, long events) {
    long durationMs() {
      return Duration.between(start, end).toMillis();
    }
  }

  private ReferenceSessions() {}

  static List<Session> of(List<CleanEvent> events, Function<CleanEvent, String> identity) {
    Map<String, List<CleanEvent>> byIdentity = new TreeMap<>();
    events.forEach(e -> byIdentity.computeIfAbsent(identity.apply(e), k -> new ArrayList<>()).add(e));
    List<Session> sessions = new ArrayList<>();
    byIdentity.forEach((id, list) -> {
      list.sort(Comparator.comparing(CleanEvent::getTimestamp).thenComparing(CleanEvent::getEventId));
      Instant start = null;
      Instant last = null;
      long count = 0;
      for (CleanEvent e : list) {
        Instant t = e.getTimestamp();
        if (start != null && (!t.isBefore(last.plus(INACTIVITY)) || !t.isBefore(start.plus(MAX_DURATION)))) {
          sessions.add(new Session(id, start, last, count));
          start = null;
        }
        if (start == null) {
          start = t;
          count = 0;
        }
        last = t;
        count++;
      }
      sessions.add(new Session(id, start, last, count));
    });
    return sessions;
  }
}
