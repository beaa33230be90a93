package dev.tributary.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testsupport.TestClickHouse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The identity hash is ClickHouse's {@code sipHash64}, so distinct users can be recomputed from
 * {@code events_v} in SQL and compared with {@code metrics_minute}.
 */
class IdentityHashIT {

  @Test
  void shouldEqualClickHouseSipHash64OfTheIdentity() {
    List<String> identities = List.of("", "u1", "anonymous-0f8fad5b-d9cb-469f-a165-70867728950e", "Zoë", "12345678");
    for (String identity : identities) {
      String expected = TestClickHouse.query("SELECT toString(sipHash64('" + identity + "'))").strip();
      assertThat(Long.toUnsignedString(IdentityHash.of(identity))).as("sipHash64('%s')", identity).isEqualTo(expected);
    }
  }
}
