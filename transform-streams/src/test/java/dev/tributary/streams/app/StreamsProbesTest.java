package dev.tributary.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.admin.Check;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsProbesTest {

  @Test
  void shouldBeReadyOnlyWhenRunning() {
    assertThat(StreamsProbes.ready(State.RUNNING).ok()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
  void shouldNotBeReadyInAnyOtherState(State state) {
    Check ready = StreamsProbes.ready(state);

    assertThat(ready.ok()).isFalse();
    assertThat(ready.detail()).contains(state.name());
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"CREATED", "REBALANCING", "RUNNING"})
  void shouldBeAliveWhileStartingRebalancingOrRunning(State state) {
    assertThat(StreamsProbes.health(state).ok()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"ERROR", "PENDING_ERROR", "NOT_RUNNING", "PENDING_SHUTDOWN"})
  void shouldNotBeAliveOnceFailedOrStopping(State state) {
    assertThat(StreamsProbes.health(state).ok()).isFalse();
  }
}
