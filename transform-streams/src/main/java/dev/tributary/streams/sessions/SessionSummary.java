package dev.tributary.streams.sessions;

/**
 * What a session is so far, folded from its events in {@link EventMark#ORDER}: first and last event
 * time, counts, the first view's url and path, the first referrer, and whether a conversion
 * happened. Later events only add to it; so the part of a session that can no longer change
 * (before the grace period) is kept as one summary instead of its events.
 *
 * <p>Immutable and thread-safe.
 */
record SessionSummary(long start, long end, long events, long views, String entryUrl, String entryPath,
    String referrer, boolean converted) {

  /** The session that {@code first} starts. */
  static SessionSummary first(EventMark first) {
    return new SessionSummary(first.time(), first.time(), 1, first.view() ? 1 : 0,
        first.view() ? first.url() : null, first.view() ? first.path() : null, first.referrer(), first.conversion());
  }

  /** This session with {@code next}, which is not before any of its events. */
  SessionSummary plus(EventMark next) {
    boolean entry = next.view() && views == 0;
    return new SessionSummary(start, Math.max(end, next.time()), events + 1, views + (next.view() ? 1 : 0),
        entry ? next.url() : entryUrl, entry ? next.path() : entryPath,
        referrer != null ? referrer : next.referrer(), converted || next.conversion());
  }

  /** Whether an event at {@code time} falls inside this session's time range. */
  boolean covers(long time) {
    return start <= time && time <= end;
  }
}
