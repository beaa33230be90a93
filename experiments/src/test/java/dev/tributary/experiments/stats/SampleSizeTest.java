package dev.tributary.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleSizeTest {

  @Test
  void shouldPlanTheClassicTenPercentConversionCase() {
    // (1.959964 + 0.841621)² · (0.1·0.9 + 0.11·0.89) / 0.01² = 14748.05 → 14749 per variant
    SampleSize.Answer a = SampleSize.perVariant(
        new SampleSize.Plan(MetricKind.PROPORTION, 0.10, Double.NaN, 0.10, 0.05, 0.80));
    assertThat(a.perVariant()).isEqualTo(14_749);
    assertThat(a.absoluteEffect()).isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void shouldPlanAMeanMetricFromItsVariance() {
    // 2 · 4 · (1.959964 + 0.841621)² / 0.5² = 251.16 → 252
    assertThat(SampleSize.perVariant(new SampleSize.Plan(MetricKind.MEAN, 10, 4, 0.05, 0.05, 0.80)).perVariant())
        .isEqualTo(252);
  }

  /**
   * At the planned size, a test of an effect of exactly the MDE must reject about as often as
   * the power says: 400 simulated experiments, 80 % expected, binomial sd 2 %, so ±3.5 sd.
   */
  @Test
  void shouldDeliverThePlannedPowerInSimulation() {
    SampleSize.Plan plan = new SampleSize.Plan(MetricKind.PROPORTION, 0.30, Double.NaN, 0.20, 0.05, 0.80);
    long n = SampleSize.perVariant(plan).perVariant();
    AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.PROPORTION).with(Difference.ABSOLUTE);
    SplittableRandom random = new SplittableRandom(20261130L);
    int experiments = 400;
    int rejected = 0;
    for (int i = 0; i < experiments; i++) {
      StatsResult r = StatsEngine.analyse(spec, ArmSums.proportion(n, binomial(random, n, 0.30)),
          ArmSums.proportion(n, binomial(random, n, 0.36)));
      if (r instanceof StatsResult.Computed c && c.significant()) {
        rejected++;
      }
    }
    double sd = Math.sqrt(0.8 * 0.2 / experiments);
    assertThat((double) rejected / experiments).isBetween(0.8 - 3.5 * sd, 0.8 + 3.5 * sd);
  }

  @Test
  void shouldRefuseARateTheEffectWouldPushBeyondOne() {
    assertThatThrownBy(() -> new SampleSize.Plan(MetricKind.PROPORTION, 0.9, Double.NaN, 0.2, 0.05, 0.8))
        .isInstanceOf(InvalidSumsException.class).hasMessageStartingWith("mde");
    assertThatThrownBy(() -> new SampleSize.Plan(MetricKind.MEAN, 10, -1, 0.2, 0.05, 0.8))
        .isInstanceOf(InvalidSumsException.class).hasMessageStartingWith("baseline_variance");
  }

  private static long binomial(SplittableRandom random, long n, double p) {
    long k = 0;
    for (long i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }
}
