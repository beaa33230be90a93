package dev.tributary.bench.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.bench.projection.HardwareProjection;
import dev.tributary.bench.stage.ScalingStage.Run;
import dev.tributary.bench.stage.ScalingStage.Stage;
import dev.tributary.bench.stage.ScalingStage.StageCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingStageTest {

  /** A run whose stages cost {@code base} µs per event times their position (ingest 1x, streams 2x, ...). */
  private static Run run(int instances, double base, double bytes) {
    List<StageCost> stages = new ArrayList<>();
    for (Stage s : Stage.values()) {
      stages.add(new StageCost(s, base * (s.ordinal() + 1), 0, Map.of(s.label() + "-1", 300L * 1024)));
    }
    return new Run(instances, 200_000, 20, stages, bytes, 1.5, 2.5, 0);
  }

  @Test
  void shouldProjectFromTheLargerOfTheRunsCostsPerStage() {
    HardwareProjection.Costs c = ScalingStage.costs(List.of(run(1, 10, 3_000), run(2, 12, 2_500)));

    assertThat(c.ingestMicros()).isEqualTo(12);
    assertThat(c.streamsMicros()).isEqualTo(24);
    assertThat(c.sinkMicros()).isEqualTo(36);
    assertThat(c.brokerMicros()).isEqualTo(48);
    assertThat(c.clickhouseMicrosPerRow()).isEqualTo(60);
    assertThat(c.brokerBytesPerEvent()).isEqualTo(3_000);
    assertThatThrownBy(() -> ScalingStage.costs(List.of())).hasMessageContaining("no run");
  }

  @Test
  void shouldTakeWhatTheProcessesBurnIdleOverTheSpanOffTheCpuPerEvent() {
    // 0.1 cores idle over a 20 s span = 2 CPU-seconds = 10 µs for each of 200,000 events
    StageCost streams = new StageCost(Stage.STREAMS, 50, 0.1, Map.of());
    assertThat(streams.netMicrosPerEvent(20, 200_000)).isCloseTo(40, org.assertj.core.api.Assertions.within(1e-9));
    // never below zero when the idle window was busier than the span
    assertThat(new StageCost(Stage.STREAMS, 5, 0.1, Map.of()).netMicrosPerEvent(20, 200_000)).isZero();
  }

  @Test
  void shouldProjectFromTheNetCost() {
    List<StageCost> stages = new ArrayList<>();
    for (Stage s : Stage.values()) {
      stages.add(new StageCost(s, 50, 0.1, Map.of()));
    }
    Run r = new Run(1, 200_000, 20, stages, 1_000, 1, 1, 0);

    assertThat(ScalingStage.costs(List.of(r)).streamsMicros()).isCloseTo(40, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void shouldSumTheStagesIntoTheTotalAndDivideEventsBySeconds() {
    Run r = run(1, 1, 0);

    assertThat(r.totalCpuMicrosPerEvent()).isEqualTo(1 + 2 + 3 + 4 + 5 + 6 + 7);
    assertThat(r.rate()).isEqualTo(10_000);
  }

  @Test
  void shouldPrintOneColumnPerRunTheTwoCoreCaveatAndTheProjection() {
    String text = ScalingStage.render(List.of(run(1, 10, 3_000), run(2, 12, 2_500)),
        HardwareProjection.Assumptions.STATED);

    assertThat(text).contains("1 instance per service", "2 instances per service", "10,000/s", "1.5 / 2.5");
    assertThat(text).contains("CPU per event: streams", "20.0 µs / 20.0 µs", "24.0 µs", "CPU per event: all processes", "280.0 µs");
    assertThat(text).contains("VmRSS ingest", "300 MiB", "3,000 B");
    assertThat(text).contains("not a speed-up", "Hardware projection", "10,000,000");
  }

  private static Map<Stage, Double> cores(double streams, double others) {
    Map<Stage, Double> m = new java.util.EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      m.put(s, s == Stage.STREAMS ? streams : others);
    }
    return m;
  }

  @Test
  void shouldWaitWhileAStageIsStillWorkingOffTheProofBatch() {
    // streams still finishing its minutes: 0.60 then 0.35 cores is not at rest
    assertThat(ScalingStage.settled(cores(0.60, 0.01), cores(0.35, 0.01))).isFalse();
    assertThat(ScalingStage.settled(cores(0.35, 0.01), cores(0.12, 0.01))).isFalse();
  }

  @Test
  void shouldCallTwoSlicesThatAgreeSettled() {
    assertThat(ScalingStage.settled(cores(0.12, 0.01), cores(0.11, 0.02))).isTrue();
    // a process at rest wobbles by hundredths of a core, however large that is as a share
    assertThat(ScalingStage.settled(cores(0.01, 0.003), cores(0.025, 0.001))).isTrue();
  }

  @Test
  void shouldNotCallItSettledWithoutAStageInTheEarlierSlice() {
    Map<Stage, Double> partial = new java.util.EnumMap<>(cores(0.1, 0.01));
    partial.remove(Stage.SINK);
    assertThat(ScalingStage.settled(partial, cores(0.1, 0.01))).isFalse();
  }
}
