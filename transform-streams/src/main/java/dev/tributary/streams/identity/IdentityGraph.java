package dev.tributary.streams.identity;

import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.Person;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The identity graph's rules, pure over a {@link Nodes} port (the {@code identity-graph-store} in
 * the topology, a map in tests).
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>An identify with user id {@code U} and anonymous id {@code A} links {@code A → U}. An
 *       anonymous id links to one user: the <b>latest</b> identify wins, by event time, then by the
 *       greater event id on a tie, whatever order the identifies arrive in. An identify without a
 *       user id links nothing (Segment's anonymous identify only carries traits); an event without
 *       any id never gets here (the normaliser dead-letters it, MISSING_FIELD).
 *   <li>An alias with previous id {@code P} and user id {@code U} links user {@code P → U}; a user
 *       links to one user, the latest alias wins the same way.
 *   <li>The person of an id is the <b>root</b> reached by following links (an anonymous id to its
 *       user, a user to the user it was aliased to, ...). When a link changes, every id below the
 *       moved one is re-emitted with its new person.
 *   <li>A link that would make a user its own ancestor (an <b>alias loop</b>, {@code P → U} when
 *       {@code U} already resolves through {@code P}, or {@code P = U}) is refused: the graph is left
 *       as it was and a dead letter (INVALID_FIELD on previous_id, stage
 *       {@value #STAGE}) says why. The alias event itself is a valid event and stays in events.clean.
 * </ul>
 *
 * <p>One instance per task; not thread-safe.
 */
final class IdentityGraph {

  /** {@code DeadLetter.stage} of refused links; apart from the normaliser's stage so audits can tell them apart. */
  static final String STAGE = "transform-streams/identity";

  /** Where the graph lives. */
  interface Nodes {
    /** The node of a graph key, or null. */
    GraphNode get(String key);

    void put(String key, GraphNode node);

    /** Nodes read and written through these two functions (a store's, a map's). */
    static Nodes of(Function<String, GraphNode> get, BiConsumer<String, GraphNode> put) {
      return new Nodes() {
        @Override
        public GraphNode get(String key) {
          return get.apply(key);
        }

        @Override
        public void put(String key, GraphNode node) {
          put.accept(key, node);
        }
      };
    }
  }

  private final Nodes nodes;

  IdentityGraph(Nodes nodes) {
    this.nodes = nodes;
  }

  /** Applies one link and returns what to emit, in order. */
  List<IdentityOutput> apply(IdentityLink link) {
    String userKey = IdKeys.user(link.to());
    if (link.from() == null) {
      touch(userKey, link.time());
      return List.of(person(userKey));
    }
    String fromKey = link.fromKey();
    if (link.kind() == IdentityLink.Kind.ALIAS && resolvesThrough(userKey, fromKey)) {
      return List.of(refused(link));
    }
    GraphNode user = touch(userKey, link.time());
    GraphNode from = touch(fromKey, link.time());
    List<IdentityOutput> out = new ArrayList<>();
    if (from.linkedTo() == null || link.newerThan(from.linkTime(), from.linkEventId())) {
      if (from.linkedTo() != null && !from.linkedTo().equals(link.to())) {
        String oldParent = IdKeys.user(from.linkedTo());
        nodes.put(oldParent, nodes.get(oldParent).withoutChild(fromKey));
      }
      nodes.put(fromKey, from.linkTo(link.to(), link.time(), link.eventId()));
      nodes.put(userKey, user.withChild(fromKey));
      subtree(fromKey).forEach(key -> out.add(person(key)));
    } else {
      out.add(person(fromKey));
    }
    out.add(person(userKey));
    return out;
  }

  /** The person row of a graph key as the graph stands now. */
  IdentityOutput.PersonUpdate person(String key) {
    GraphNode node = nodes.get(key);
    return new IdentityOutput.PersonUpdate(Person.newBuilder()
        .setIdKey(key)
        .setId(IdKeys.id(key))
        .setIdType(IdKeys.isUser(key) ? IdKeys.USER : IdKeys.ANONYMOUS)
        .setPersonId(IdKeys.id(root(key)))
        .setLinkedTo(node.linkedTo())
        .setMappedAt(Instant.ofEpochMilli(node.mappedAt()))
        .setFirstSeen(Instant.ofEpochMilli(node.firstSeen()))
        .setLastSeen(Instant.ofEpochMilli(node.lastSeen()))
        .build());
  }

  /** The user key an id resolves to by following links. */
  String root(String key) {
    String at = key;
    for (int hops = 0; ; hops++) {
      GraphNode node = nodes.get(at);
      if (node == null || node.linkedTo() == null) {
        return IdKeys.isUser(at) ? at : IdKeys.user(IdKeys.id(at));
      }
      if (hops > 100_000) {
        throw new IllegalStateException("identity graph has a cycle through " + key);
      }
      at = IdKeys.user(node.linkedTo());
    }
  }

  private boolean resolvesThrough(String userKey, String candidate) {
    String at = userKey;
    while (true) {
      if (at.equals(candidate)) {
        return true;
      }
      GraphNode node = nodes.get(at);
      if (node == null || node.linkedTo() == null) {
        return false;
      }
      at = IdKeys.user(node.linkedTo());
    }
  }

  private GraphNode touch(String key, long time) {
    GraphNode node = nodes.get(key);
    GraphNode seen = node == null ? GraphNode.seen(time) : node.seenAgain(time);
    nodes.put(key, seen);
    return seen;
  }

  /** {@code key} and every id that resolves through it, breadth first. */
  private List<String> subtree(String key) {
    List<String> all = new ArrayList<>();
    Deque<String> todo = new ArrayDeque<>(List.of(key));
    while (!todo.isEmpty()) {
      String next = todo.poll();
      all.add(next);
      todo.addAll(nodes.get(next).children());
    }
    return all;
  }

  private static IdentityOutput refused(IdentityLink link) {
    LinkOrigin o = link.origin();
    String detail = link.from().equals(link.to())
        ? "alias loop: previous_id equals user_id (" + link.to() + "); the link is refused, the event stays in events"
        : "alias loop: user " + link.to() + " already resolves through " + link.from() + ", so linking "
            + link.from() + " to it would make " + link.from() + " its own ancestor; the link is refused,"
            + " the event stays in events";
    return new IdentityOutput.Refused(o.key(), DeadLetters.refused(DeadLetterReason.INVALID_FIELD, "previous_id",
        detail, STAGE, link.eventId(), o));
  }
}
