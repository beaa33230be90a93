package dev.tributary.streams.identity;

import java.util.Objects;

/**
 * One link the identity graph is asked to make: an identify (anonymous id → user id) or an alias
 * (previous user id → user id), with the event time and id that order competing links, and where it
 * came from so that a refused link becomes a dead letter pointing at the exact raw record.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind identify or alias
 * @param from the anonymous id (identify) or previous user id (alias)
 * @param to the user id; null for an identify that names only its user (nothing to link)
 * @param time event time, epoch ms
 * @param eventId the event's id; breaks ties between links at the same time
 * @param origin the raw record and event the link came from
 */
record IdentityLink(Kind kind, String from, String to, long time, String eventId, LinkOrigin origin) {

  /** Which call made the link. */
  enum Kind { IDENTIFY, ALIAS }

  IdentityLink {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(origin, "origin");
    if (from == null && to == null) {
      throw new IllegalArgumentException("a link names at least one id");
    }
  }

  /** The graph key of the id being linked: {@code a:<anonymous id>} or {@code u:<user id>}. */
  String fromKey() {
    return kind == Kind.IDENTIFY ? IdKeys.anonymous(from) : IdKeys.user(from);
  }

  /**
   * Whether this link is newer than one made at {@code otherTime} by {@code otherEventId}: later
   * event time wins, the greater event id on a tie, so every replay and order of arrival agrees.
   */
  boolean newerThan(long otherTime, String otherEventId) {
    return time != otherTime ? time > otherTime : eventId.compareTo(otherEventId) > 0;
  }
}
