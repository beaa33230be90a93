package dev.tributary.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.experiments.stats.StatsResult.Computed;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Ratio metrics and CUPED checked by simulation as well as by vectors: with no true effect, the
 * 95 % interval must contain zero about 95 % of the time (400 experiments: binomial sd 1.09 %,
 * bounds ±3.5 sd), and CUPED must shrink the standard error as much as the covariate explains.
 */
class CoverageSimulationTest {

  private static final int EXPERIMENTS = 400;
  private static final double SD = Math.sqrt(0.95 * 0.05 / EXPERIMENTS);

  @Test
  void shouldCoverZeroNinetyFivePercentOfTheTimeForARatioMetricUnderNoEffect() {
    SplittableRandom random = new SplittableRandom(11);
    AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.RATIO);
    int covered = 0;
    for (int e = 0; e < EXPERIMENTS; e++) {
      Computed c = (Computed) StatsEngine.analyse(spec, ratioArm(random, 500), ratioArm(random, 500));
      covered += c.significant() ? 0 : 1;
    }
    assertThat((double) covered / EXPERIMENTS).isBetween(0.95 - 3.5 * SD, 0.95 + 3.5 * SD);
  }

  @Test
  void shouldCoverZeroAndShrinkTheErrorWithCuped() {
    SplittableRandom random = new SplittableRandom(12);
    AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.MEAN);
    int covered = 0;
    double ratioOfErrors = 0;
    for (int e = 0; e < EXPERIMENTS; e++) {
      ArmSums control = cupedArm(random, 400);
      ArmSums treatment = cupedArm(random, 400);
      Computed adjusted = (Computed) StatsEngine.analyse(spec, control, treatment);
      Computed plain = (Computed) StatsEngine.analyse(spec, ArmSums.of(control.n(), control.sum(), control.sumSquares()),
          ArmSums.of(treatment.n(), treatment.sum(), treatment.sumSquares()));
      covered += adjusted.significant() ? 0 : 1;
      ratioOfErrors += adjusted.standardError() / plain.standardError() / EXPERIMENTS;
      assertThat(adjusted.cupedTheta().getAsDouble()).isBetween(1.5, 2.5);
    }
    assertThat((double) covered / EXPERIMENTS).isBetween(0.95 - 3.5 * SD, 0.95 + 3.5 * SD);
    // y = 2x + e with var(2x) = 4 and var(e) = 1: correlation² = 0.8, so se shrinks by √0.2 ≈ 0.447
    assertThat(ratioOfErrors).isBetween(0.42, 0.48);
  }

  /** Sessions 1..9 per user, revenue ≈ 0.8 per session with per-user noise: same truth in both arms. */
  private static ArmSums ratioArm(SplittableRandom random, int users) {
    PairSums sums = new PairSums();
    for (int i = 0; i < users; i++) {
      double d = 1 + random.nextInt(9);
      sums.add(Math.max(0, 0.8 * d + random.nextGaussian() * 1.5), d);
    }
    return ArmSums.of(users, sums.sy, sums.syy).withRatio(sums.sz, sums.szz, sums.syz);
  }

  /** Pre-exposure x ~ N(10, 1), metric y = 2x + N(0, 1). */
  private static ArmSums cupedArm(SplittableRandom random, int users) {
    PairSums sums = new PairSums();
    for (int i = 0; i < users; i++) {
      double x = 10 + random.nextGaussian();
      sums.add(2 * x + random.nextGaussian(), x);
    }
    return ArmSums.of(users, sums.sy, sums.syy).withCovariate(sums.sz, sums.szz, sums.syz);
  }

  /** Running sums of a metric y and a second per-unit value z (denominator or covariate). */
  private static final class PairSums {
    double sy;
    double syy;
    double sz;
    double szz;
    double syz;

    void add(double y, double z) {
      sy += y;
      syy += y * y;
      sz += z;
      szz += z * z;
      syz += y * z;
    }
  }
}
