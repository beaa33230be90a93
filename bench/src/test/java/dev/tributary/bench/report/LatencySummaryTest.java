package dev.tributary.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void shouldTakeNearestRankPercentilesOfUnsortedSamples() {
    double[] samples = new double[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i; // 100..1
    }
    LatencySummary s = LatencySummary.of(samples);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(50);
    assertThat(s.p95()).isEqualTo(95);
    assertThat(s.p99()).isEqualTo(99);
    assertThat(s.max()).isEqualTo(100);
  }

  @Test
  void shouldUseOnlyTheFirstCountSamplesAndLeaveTheArrayAlone() {
    double[] samples = {5, 1, 3, 1000, 2000};
    LatencySummary s = LatencySummary.of(samples, 3);
    assertThat(s.max()).isEqualTo(5);
    assertThat(s.p50()).isEqualTo(3);
    assertThat(samples).containsExactly(5, 1, 3, 1000, 2000);
  }

  @Test
  void shouldReportASingleSampleAsEveryPercentile() {
    LatencySummary s = LatencySummary.of(7.5);
    assertThat(s.p50()).isEqualTo(7.5);
    assertThat(s.p99()).isEqualTo(7.5);
  }

  @Test
  void shouldBeEmptyWithoutSamples() {
    assertThat(LatencySummary.of(new double[4], 0).isEmpty()).isTrue();
    assertThatThrownBy(() -> LatencySummary.of(new double[1], 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMergeSamplesOfSeveralThreads() {
    Samples a = new Samples();
    Samples b = new Samples();
    for (int i = 1; i <= 2000; i++) {
      (i % 2 == 0 ? a : b).add(i);
    }
    LatencySummary s = Samples.summarise(java.util.List.of(a, b));
    assertThat(s.count()).isEqualTo(2000);
    assertThat(s.p50()).isEqualTo(1000);
    assertThat(s.p99()).isEqualTo(1980);
  }
}
