package dev.tributary.streams.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityLinkSerdeTest {

  @Test
  void shouldReadBackALinkWithItsOrigin() {
    IdentityLink link = new IdentityLink(IdentityLink.Kind.ALIAS, "u-old", "u-new", 1_000, "e-1",
        new LinkOrigin("events.raw", 2, 42, 1_001, null, "web", 999, "{\"x\":\"é\"}"));

    assertThat(IdentityLinkSerde.links().deserializer().deserialize("t",
        IdentityLinkSerde.links().serializer().serialize("t", link))).isEqualTo(link);
  }

  @Test
  void shouldReadBackAGraphNodeWithItsChildren() {
    GraphNode node = new GraphNode(null, Long.MIN_VALUE, "", 5, 5, 9, List.of("a:d1", "u:u0"));

    assertThat(IdentityLinkSerde.nodes().deserializer().deserialize("t",
        IdentityLinkSerde.nodes().serializer().serialize("t", node))).isEqualTo(node);
  }
}
