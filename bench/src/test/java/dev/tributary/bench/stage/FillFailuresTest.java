package dev.tributary.bench.stage;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class FillFailuresTest {

  @Test
  void shouldFailTheFillNamingHowManySendsKafkaDidNotTake() {
    Fill.Failures failures = new Fill.Failures();
    failures.onCompletion(null, null);
    failures.onCompletion(null, new TimeoutException("Expiring 3 record(s)"));
    failures.onCompletion(null, new TimeoutException("Expiring 1 record(s)"));

    assertThatThrownBy(() -> failures.check("bench.streams.events.raw", 50_000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bench.streams.events.raw").hasMessageContaining("2 of 50000")
        .hasMessageContaining("Expiring 3 record(s)").hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void shouldPassWhenEverySendWasAcknowledged() {
    Fill.Failures failures = new Fill.Failures();
    failures.onCompletion(null, null);

    assertThatCode(() -> failures.check("t", 1)).doesNotThrowAnyException();
  }
}
