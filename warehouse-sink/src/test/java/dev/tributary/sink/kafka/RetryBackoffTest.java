package dev.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  void shouldDoubleUpToMaximumThenStayThere() {
    RetryBackoff backoff = new RetryBackoff(200, 1_000);

    assertThat(backoff.delayMs(1)).isEqualTo(200);
    assertThat(backoff.delayMs(2)).isEqualTo(400);
    assertThat(backoff.delayMs(3)).isEqualTo(800);
    assertThat(backoff.delayMs(4)).isEqualTo(1_000);
    assertThat(backoff.delayMs(10_000)).isEqualTo(1_000);
  }
}
