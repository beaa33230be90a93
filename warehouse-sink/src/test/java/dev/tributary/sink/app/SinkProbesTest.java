package dev.tributary.sink.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.sink.app.SinkApplication.State;
import dev.tributary.sink.kafka.LoopStatus;
import org.junit.jupiter.api.Test;

class SinkProbesTest {

  @Test
  void shouldBeAliveWhileStartingOrRunning() {
    assertThat(SinkProbes.health(State.STARTING).ok()).isTrue();
    assertThat(SinkProbes.health(State.RUNNING).ok()).isTrue();
  }

  @Test
  void shouldNotBeAliveOnceTheSinkThreadEnded() {
    assertThat(SinkProbes.health(State.FAILED).ok()).isFalse();
    assertThat(SinkProbes.health(State.STOPPED).ok()).isFalse();
  }

  @Test
  void shouldNotBeReadyWhileStarting() {
    assertThat(SinkProbes.ready(State.STARTING, LoopStatus.NOT_SUBSCRIBED).detail()).contains("starting");
  }

  @Test
  void shouldNotBeReadyBeforeTheGroupAssignedPartitions() {
    assertThat(SinkProbes.ready(State.RUNNING, new LoopStatus(true, false, 0, 0)).ok()).isFalse();
  }

  @Test
  void shouldNotBeReadyWhileAnOwnedPartitionAwaitsItsResumePosition() {
    var ready = SinkProbes.ready(State.RUNNING, new LoopStatus(true, true, 3, 1));

    assertThat(ready.ok()).isFalse();
    assertThat(ready.detail()).contains("1 of 3 partitions");
  }

  @Test
  void shouldBeReadyOnceEveryOwnedPartitionKnowsWhereToResume() {
    assertThat(SinkProbes.ready(State.RUNNING, new LoopStatus(true, true, 3, 0)).ok()).isTrue();
  }

  @Test
  void shouldBeAReadyStandbyWithAnEmptyAssignment() {
    assertThat(SinkProbes.ready(State.RUNNING, new LoopStatus(true, true, 0, 0)).ok()).isTrue();
  }

  @Test
  void shouldNotBeReadyAfterAFailureWhateverTheLoopLastReported() {
    assertThat(SinkProbes.ready(State.FAILED, new LoopStatus(true, true, 3, 0)).ok()).isFalse();
  }
}
