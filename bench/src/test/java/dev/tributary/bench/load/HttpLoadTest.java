package dev.tributary.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpLoadTest {

  @Test
  void shouldReadTheAcceptedCountOfABatchAnswer() {
    assertThat(HttpLoad.acceptedCount("{\"success\":true,\"accepted\":97,\"rejected\":[{\"index\":3}]}", 100)).isEqualTo(97);
  }

  @Test
  void shouldFallBackWhenTheAnswerHasNoCount() {
    assertThat(HttpLoad.acceptedCount("{\"success\":true}", 100)).isEqualTo(100);
    assertThat(HttpLoad.acceptedCount("{\"accepted\":x}", 5)).isEqualTo(5);
  }
}
