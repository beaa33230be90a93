package dev.tributary.streams.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One id in the identity graph ({@code identity-graph-store}): the user it links to and the link's
 * order, when it was first mapped and first/last seen, and the ids linked to it (so an alias can
 * move everything below an id to a new root).
 *
 * <p>Immutable and thread-safe.
 *
 * @param linkedTo the user id this id links to; null for a root user
 * @param linkTime event time of that link (epoch ms); meaningless for a root
 * @param linkEventId event id of that link; empty for a root
 * @param mappedAt event time of the first link the pipeline processed for this id; never changes
 * @param firstSeen earliest event time of a link naming this id
 * @param lastSeen latest event time of a link naming this id
 * @param children graph keys of the ids that link to this user
 */
record GraphNode(String linkedTo, long linkTime, String linkEventId, long mappedAt, long firstSeen, long lastSeen,
    List<String> children) {

  GraphNode {
    children = Collections.unmodifiableList(new ArrayList<>(children));
  }

  /** An id first named at {@code time}, linked to nobody yet. */
  static GraphNode seen(long time) {
    return new GraphNode(null, Long.MIN_VALUE, "", time, time, time, List.of());
  }

  GraphNode seenAgain(long time) {
    return new GraphNode(linkedTo, linkTime, linkEventId, mappedAt, Math.min(firstSeen, time),
        Math.max(lastSeen, time), children);
  }

  GraphNode linkTo(String user, long time, String eventId) {
    return new GraphNode(user, time, eventId, mappedAt, firstSeen, lastSeen, children);
  }

  GraphNode withChild(String key) {
    if (children.contains(key)) {
      return this;
    }
    List<String> more = new ArrayList<>(children);
    more.add(key);
    return new GraphNode(linkedTo, linkTime, linkEventId, mappedAt, firstSeen, lastSeen, more);
  }

  GraphNode withoutChild(String key) {
    List<String> fewer = new ArrayList<>(children);
    fewer.remove(key);
    return new GraphNode(linkedTo, linkTime, linkEventId, mappedAt, firstSeen, lastSeen, fewer);
  }
}
