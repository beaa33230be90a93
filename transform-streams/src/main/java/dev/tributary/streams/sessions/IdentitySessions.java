package dev.tributary.streams.sessions;

import dev.tributary.common.catalogue.SessionIdentityTables;
import dev.tributary.events.Session;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sessions of one identity that an event within the grace period can still change, and the
 * pure step that places one more event: the per-identity value of the {@code sessions-store}.
 *
 * <p><b>Why this converges to the offline answer.</b> Sessionizing is one left-to-right scan over an
 * identity's events in {@link EventMark#ORDER} ({@link SessionRules#startsNewSession}), so an event
 * at time {@code t} can change the assignment only of events at or after {@code t}. Every accepted
 * event is at or after the watermark {@code W} (stream time minus grace), which never decreases.
 * So events before {@code W} are <i>folded</i>: their scan is done for good, and only its result is
 * kept: the session still open at {@code W} ({@link #open}, a {@link SessionSummary}). Events at or
 * after {@code W} are kept as {@link #marks}, and each new event rescans {@code open} + marks. The
 * result is exactly what an offline scan of all events gives, whatever order they came in.
 *
 * <p><b>Session ids.</b> A session's id is a name-based UUID of identity and start, so a
 * recomputation finds the same id. When a late event moves a session's start earlier, or bridges
 * two sessions, or shifts a cut made by the maximum duration, an id that was emitted stops being a
 * session: it is re-emitted with status {@code merged} and {@code merged_into} = the live session
 * that now holds its first event. That mapping is kept current (a chain A → B → C re-emits A
 * pointing at C; an id that becomes a session again is re-emitted live), so one lookup resolves
 * any emitted id. Emitted events keep the {@code session_id} they were given; the warehouse view
 * {@code events_by_person_v} resolves it through {@code merged_into}.
 *
 * <p><b>Bounded.</b> {@link #compact} folds the events before {@code W}, forgets the open session
 * once no accepted event can join it, and forgets emitted ids whose first event is folded (their
 * mapping can no longer change). What remains is about one grace period of events plus one summary.
 *
 * <p>Immutable and thread-safe.
 *
 * @param open the session open at the fold point (its events are folded), or null
 * @param marks the unfolded events, in {@link EventMark#ORDER}
 * @param emitted what was last emitted for each id that can still change, by session id
 */
record IdentitySessions(SessionSummary open, List<EventMark> marks, Map<String, Emitted> emitted) {

  /** No sessions. */
  static final IdentitySessions EMPTY = new IdentitySessions(null, List.of(), Map.of());

  /** The last emitted version of a session id: its summary, and the survivor when it was merged. */
  record Emitted(SessionSummary summary, String mergedInto) {}

  /**
   * The result of placing one event.
   *
   * @param sessionId the session the event belongs to now
   * @param updates the session versions to emit, in order
   * @param next the state after the event (not yet compacted)
   */
  record Step(String sessionId, List<Session> updates, IdentitySessions next) {}

  IdentitySessions {
    marks = Collections.unmodifiableList(new ArrayList<>(marks));
    emitted = Collections.unmodifiableMap(new LinkedHashMap<>(emitted));
  }

  /** Whether nothing is kept (the store entry can be deleted). */
  boolean isEmpty() {
    return open == null && marks.isEmpty() && emitted.isEmpty();
  }

  /**
   * Places {@code mark} into the sessions of {@code identity}. An event before {@code watermark} is
   * too late to be placed: it gets a one-event session of status {@code late} and the state is
   * unchanged.
   */
  Step place(String identity, EventMark mark, long watermark, SessionRules rules) {
    if (mark.time() < watermark) {
      String id = lateId(identity, mark);
      return new Step(id, List.of(session(id, identity, SessionIdentityTables.LATE, null, SessionSummary.first(mark))),
          this);
    }
    List<EventMark> all = new ArrayList<>(marks.size() + 1);
    all.addAll(marks);
    int at = Collections.binarySearch(all, mark, EventMark.ORDER);
    if (at >= 0) {
      // the same event id at the same time again (dedupe is off or its window passed): count it once
      return new Step(sessionId(identity, covering(scan(open, all, rules), mark.time()).start()), List.of(), this);
    }
    all.add(-at - 1, mark);
    List<SessionSummary> sessions = scan(open, all, rules);
    Map<String, Emitted> next = new LinkedHashMap<>(emitted);
    List<Session> updates = new ArrayList<>();
    List<String> live = new ArrayList<>(sessions.size());
    for (SessionSummary s : sessions) {
      String id = sessionId(identity, s.start());
      live.add(id);
      Emitted before = next.get(id);
      if (before == null || before.mergedInto() != null || !before.summary().equals(s)) {
        next.put(id, new Emitted(s, null));
        updates.add(session(id, identity, SessionIdentityTables.LIVE, null, s));
      }
    }
    for (Map.Entry<String, Emitted> e : emitted.entrySet()) {
      if (live.contains(e.getKey())) {
        continue;
      }
      String survivor = sessionId(identity, covering(sessions, e.getValue().summary().start()).start());
      if (!survivor.equals(e.getValue().mergedInto())) {
        next.put(e.getKey(), new Emitted(e.getValue().summary(), survivor));
        updates.add(session(e.getKey(), identity, SessionIdentityTables.MERGED, survivor, e.getValue().summary()));
      }
    }
    String sessionId = sessionId(identity, covering(sessions, mark.time()).start());
    return new Step(sessionId, updates, new IdentitySessions(open, all, next));
  }

  /**
   * Folds the events before {@code watermark} into {@link #open}, drops the open session when no
   * event at or after {@code watermark} can join it, and forgets emitted ids that can no longer
   * change. Changes nothing that {@link #place} would compute for an event at or after the watermark.
   */
  IdentitySessions compact(long watermark, String identity, SessionRules rules) {
    SessionSummary folded = open;
    int i = 0;
    while (i < marks.size() && marks.get(i).time() < watermark) {
      EventMark m = marks.get(i++);
      folded = folded == null || rules.startsNewSession(folded.start(), folded.end(), m.time())
          ? SessionSummary.first(m) : folded.plus(m);
    }
    if (folded != null && rules.startsNewSession(folded.start(), folded.end(), watermark)) {
      folded = null;
    }
    List<EventMark> rest = marks.subList(i, marks.size());
    long keepFrom = folded != null ? folded.start() : rest.isEmpty() ? Long.MAX_VALUE : rest.get(0).time();
    String openId = folded == null ? null : sessionId(identity, folded.start());
    Map<String, Emitted> kept = new LinkedHashMap<>();
    emitted.forEach((id, e) -> {
      if (id.equals(openId) || e.summary().start() >= keepFrom) {
        kept.put(id, e);
      }
    });
    if (i == 0 && folded == open && kept.size() == emitted.size()) {
      return this;
    }
    return new IdentitySessions(folded, rest, kept);
  }

  /** The sessions of {@code open} followed by {@code marks}, in order. */
  private static List<SessionSummary> scan(SessionSummary open, List<EventMark> marks, SessionRules rules) {
    List<SessionSummary> sessions = new ArrayList<>();
    SessionSummary current = open;
    for (EventMark m : marks) {
      if (current == null || rules.startsNewSession(current.start(), current.end(), m.time())) {
        if (current != null) {
          sessions.add(current);
        }
        current = SessionSummary.first(m);
      } else {
        current = current.plus(m);
      }
    }
    if (current != null) {
      sessions.add(current);
    }
    return sessions;
  }

  private static SessionSummary covering(List<SessionSummary> sessions, long time) {
    for (SessionSummary s : sessions) {
      if (s.covers(time)) {
        return s;
      }
    }
    throw new IllegalStateException("no session covers " + time + " among " + sessions);
  }

  /** The id of the session of {@code identity} that starts at {@code start} (epoch ms). */
  static String sessionId(String identity, long start) {
    return UUID.nameUUIDFromBytes((identity + "\n" + start).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The id of a too-late event's own session: never equal to a {@link #sessionId}. */
  static String lateId(String identity, EventMark mark) {
    return UUID.nameUUIDFromBytes(("late\n" + identity + "\n" + mark.time() + "\n" + mark.eventId())
        .getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static Session session(String id, String identity, String status, String mergedInto, SessionSummary s) {
    return Session.newBuilder()
        .setSessionId(id)
        .setIdentity(identity)
        .setStatus(status)
        .setMergedInto(mergedInto)
        .setStartedAt(Instant.ofEpochMilli(s.start()))
        .setEndedAt(Instant.ofEpochMilli(s.end()))
        .setEvents(s.events())
        .setPageViews(s.views())
        .setEntryUrl(s.entryUrl())
        .setEntryPath(s.entryPath())
        .setReferrer(s.referrer())
        .setConverted(s.converted())
        .build();
  }
}
