package dev.tributary.streams.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class IdentitySessionsSerdeTest {

  private final Serde<IdentitySessions> serde = IdentitySessionsSerde.serde();

  @Test
  void shouldReadBackEveryFieldIncludingNullsAndNonAsciiText() {
    SessionSummary open = new SessionSummary(1_000, 2_000, 3, 1, "https://x.example/é", null, "ref", true);
    IdentitySessions state = new IdentitySessions(open,
        List.of(new EventMark(2_500, "e-1", true, null, "/p", null, false),
            new EventMark(2_600, "e-2", false, null, null, "https://r.example", true)),
        Map.of("s-1", new IdentitySessions.Emitted(open, null),
            "s-2", new IdentitySessions.Emitted(new SessionSummary(1_500, 1_500, 1, 0, null, null, null, false), "s-1")));

    IdentitySessions back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

    assertThat(back).isEqualTo(state);
  }

  @Test
  void shouldReadBackAStateWithoutAnOpenSession() {
    IdentitySessions state = new IdentitySessions(null, List.of(new EventMark(1, "e", false, null, null, null, false)),
        Map.of());

    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state))).isEqualTo(state);
  }

  @Test
  void shouldRefuseTruncatedBytesNamingTheRecord() {
    byte[] bytes = serde.serializer().serialize("t", new IdentitySessions(null,
        List.of(new EventMark(1, "e", false, null, null, null, false)), Map.of()));

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("Truncated IdentitySessions");
  }

  @Test
  void shouldRefuseAnUnknownFormat() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("format 9");
  }
}
