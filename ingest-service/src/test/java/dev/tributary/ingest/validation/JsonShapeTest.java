package dev.tributary.ingest.validation;

import static dev.tributary.ingest.validation.EventValidatorTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.event.Rule;
import org.junit.jupiter.api.Test;

class JsonShapeTest {

  @Test
  void shouldAcceptEventAtDepthLimit() {
    assertThat(JsonShape.check(parse("{\"p\":{\"q\":[1]}}"), 3)).isEmpty();
  }

  @Test
  void shouldNameFirstContainerBeyondDepthLimit() {
    assertThat(JsonShape.check(parse("{\"p\":{\"q\":[[1]]}}"), 3)).hasValueSatisfying(r -> {
      assertThat(r.field()).isEqualTo("p.q[0]");
      assertThat(r.rule()).isEqualTo(Rule.MAX_DEPTH);
    });
  }

  @Test
  void shouldRejectNulInValuesAndKeys() {
    assertThat(JsonShape.check(parse("{\"a\":[\"x\",\"y\\u0000\"]}"), 32)).hasValueSatisfying(r -> {
      assertThat(r.field()).isEqualTo("a[1]");
      assertThat(r.rule()).isEqualTo(Rule.NUL_CHARACTER);
    });
    assertThat(JsonShape.check(parse("{\"k\\u0000\":1}"), 32)).hasValueSatisfying(
        r -> assertThat(r.rule()).isEqualTo(Rule.NUL_CHARACTER));
  }

  @Test
  void shouldRejectNumbersBeyondDoubleRangeButKeepLongExactIntegers() {
    assertThat(JsonShape.check(parse("{\"n\":1e309}"), 32)).hasValueSatisfying(r -> {
      assertThat(r.field()).isEqualTo("n");
      assertThat(r.rule()).isEqualTo(Rule.MAX_NUMBER);
    });
    assertThat(JsonShape.check(parse("{\"n\":123456789012345678901234567890,\"m\":-1.5e300,\"t\":1e-400}"), 32)).isEmpty();
  }
}
