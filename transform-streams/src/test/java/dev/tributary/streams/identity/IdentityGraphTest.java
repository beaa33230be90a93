package dev.tributary.streams.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.Person;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The graph's rules on a map instead of the store. */
class IdentityGraphTest {

  private static final LinkOrigin ORIGIN = new LinkOrigin("events.raw", 0, 1, 1_000, "k", "web", 1_000, "{}");

  private final Map<String, GraphNode> nodes = new HashMap<>();
  private final IdentityGraph graph = new IdentityGraph(IdentityGraph.Nodes.of(nodes::get, nodes::put));

  @Test
  void shouldBreakATieBetweenIdentifiesAtTheSameTimeByTheGreaterEventId() {
    graph.apply(identify("d1", "u1", 5_000, "e-b"));
    graph.apply(identify("d1", "u2", 5_000, "e-a"));

    assertThat(graph.root("a:d1")).isEqualTo("u:u1");
  }

  @Test
  void shouldReEmitEveryIdBelowAUserWhenItIsAliased() {
    graph.apply(identify("d1", "u1", 1_000, "e1"));
    graph.apply(identify("d2", "u1", 2_000, "e2"));

    List<IdentityOutput> out = graph.apply(alias("u1", "u9", 3_000, "e3"));

    assertThat(out).map(o -> ((IdentityOutput.PersonUpdate) o).person())
        .extracting(Person::getIdKey, Person::getPersonId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("u:u1", "u9"),
            org.assertj.core.groups.Tuple.tuple("a:d1", "u9"),
            org.assertj.core.groups.Tuple.tuple("a:d2", "u9"),
            org.assertj.core.groups.Tuple.tuple("u:u9", "u9"));
  }

  @Test
  void shouldForgetTheOldUsersChildWhenAnAnonymousIdMoves() {
    graph.apply(identify("d1", "u1", 1_000, "e1"));
    graph.apply(identify("d1", "u2", 2_000, "e2"));

    List<IdentityOutput> out = graph.apply(alias("u1", "u9", 3_000, "e3"));

    assertThat(out).map(o -> ((IdentityOutput.PersonUpdate) o).person().getIdKey()).doesNotContain("a:d1");
    assertThat(graph.root("a:d1")).isEqualTo("u:u2");
  }

  @Test
  void shouldKeepANewerAliasWhenAnOlderOneArrivesLater() {
    graph.apply(alias("u1", "u3", 2_000, "e2"));
    graph.apply(alias("u1", "u2", 1_000, "e1"));

    assertThat(graph.root("u:u1")).isEqualTo("u:u3");
    assertThat(nodes.get("u:u1").firstSeen()).isEqualTo(1_000);
  }

  private static IdentityLink identify(String device, String user, long time, String eventId) {
    return new IdentityLink(IdentityLink.Kind.IDENTIFY, device, user, time, eventId, ORIGIN);
  }

  private static IdentityLink alias(String previous, String user, long time, String eventId) {
    return new IdentityLink(IdentityLink.Kind.ALIAS, previous, user, time, eventId, ORIGIN);
  }
}
