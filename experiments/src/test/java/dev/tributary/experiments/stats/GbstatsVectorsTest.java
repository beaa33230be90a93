package dev.tributary.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.experiments.stats.StatsResult.Computed;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * GrowthBook gbstats' own test vectors (growthbook/growthbook at 8f1db44569,
 * packages/stats/tests/frequentist/test_tests.py, tests/bayesian/test_tests.py and
 * tests/test_gbstats.py), to the precision they print. gbstats rounds to 5 decimals, so we allow
 * half a unit in the last place.
 */
class GbstatsVectorsTest {

  private static final Offset<Double> FIVE_DECIMALS = within(0.5e-5);

  private static final ArmSums MEAN_CONTROL = ArmSums.of(3407, 1396.87, 52377.9767);
  private static final ArmSums MEAN_TREATMENT = ArmSums.of(3461, 2422.7, 134698.29);

  private static Computed computed(StatsResult result) {
    assertThat(result).isInstanceOf(Computed.class);
    return (Computed) result;
  }

  private static void assertResult(Computed r, double effect, double se, double lower, double upper) {
    assertThat(r.effect()).isCloseTo(effect, FIVE_DECIMALS);
    assertThat(r.standardError()).isCloseTo(se, FIVE_DECIMALS);
    assertThat(r.interval().lower()).isCloseTo(lower, FIVE_DECIMALS);
    assertThat(r.interval().upper()).isCloseTo(upper, FIVE_DECIMALS);
  }

  @Test // test_tests.py TestTwoSidedTTest.test_two_sided_ttest
  void shouldMatchWelchRelativeEffectOnMeans() {
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.MEAN), MEAN_CONTROL, MEAN_TREATMENT));
    assertResult(r, 0.70732, 0.37879, -0.03526, 1.44989);
    assertThat(r.pValue().getAsDouble()).isCloseTo(0.06191, FIVE_DECIMALS);
  }

  @Test // test_tests.py TestTwoSidedTTest.test_two_sided_ttest_absolute
  void shouldMatchWelchAbsoluteEffectOnMeans() {
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.MEAN).with(Difference.ABSOLUTE),
        MEAN_CONTROL, MEAN_TREATMENT));
    assertResult(r, 0.29, 0.12478, 0.04538, 0.53462);
    assertThat(r.pValue().getAsDouble()).isCloseTo(0.02016, FIVE_DECIMALS);
  }

  @Test // test_tests.py TestTwoSidedTTest.test_two_sided_ttest_binom
  void shouldMatchWelchRelativeEffectOnProportions() {
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.PROPORTION),
        ArmSums.proportion(28, 14), ArmSums.proportion(30, 16)));
    assertResult(r, 0.06667, 0.2717, -0.47767, 0.61101);
    assertThat(r.pValue().getAsDouble()).isCloseTo(0.80707, FIVE_DECIMALS);
  }

  @Test // test_tests.py TestSequentialTTest.test_sequential_test_runs_prop
  void shouldMatchConfidenceSequenceOnProportions() {
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.PROPORTION).with(Method.SEQUENTIAL),
        ArmSums.proportion(3000, 1396), ArmSums.proportion(3461, 2422)));
    assertResult(r, 0.50386, 0.03386, 0.40098, 0.60675);
    assertThat(r.pValue().getAsDouble()).isCloseTo(0.0, FIVE_DECIMALS);
  }

  @Test // test_tests.py TestSequentialTTest.test_sequential_test_runs (N* = 1000)
  void shouldMatchConfidenceSequenceOnMeansWithOtherTuning() {
    Computed r = computed(StatsEngine.analyse(
        AnalysisSpec.defaults(MetricKind.MEAN).with(Method.SEQUENTIAL).withSequentialTuning(1000),
        ArmSums.of(3000, 1396.87, 52377.9767), MEAN_TREATMENT));
    assertResult(r, 0.50336, 0.33341, -0.55844, 1.56516);
    assertThat(r.pValue().getAsDouble()).isEqualTo(1.0);
  }

  @Test // test_tests.py TestSequentialTTest.test_sequential_test_runs_ra
  void shouldMatchConfidenceSequenceWithCuped() {
    ArmSums control = ArmSums.of(3000, 1396.87, 52377.9767).withCovariate(16.87, 527.9767, 1);
    ArmSums treatment = MEAN_TREATMENT.withCovariate(22.7, 1348.29, 1);
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.MEAN).with(Method.SEQUENTIAL),
        control, treatment));
    assertResult(r, 0.50338, 0.33341, -0.50969, 1.51646);
    assertThat(r.cupedTheta()).isPresent();
  }

  @Test // test_gbstats.py RA_STATISTICS_DF, test_analyze_metric_df_ra (9 decimals printed there)
  void shouldMatchCupedWithThetaPooledOverArms() {
    ArmSums control = ArmSums.of(3001, 300, 600).withCovariate(210, 415, -20);
    ArmSums treatment = ArmSums.of(3000, 222, 555).withCovariate(120, 405, -10);
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.MEAN), control, treatment));
    assertThat(r.effect()).isCloseTo(-0.281707154, within(0.5e-9));
    assertThat(r.pValue().getAsDouble()).isCloseTo(0.003732549, within(0.5e-9));
    assertThat(r.controlMean()).isCloseTo(0.099966678, within(0.5e-9));
    assertThat(r.treatmentMean()).isCloseTo(0.074, within(0.5e-9));
  }

  @Test // bayesian/test_tests.py TestBinom.test_bayesian_binomial_ab_test
  void shouldMatchBayesianChanceToWinOnProportions() {
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.PROPORTION).with(Method.BAYESIAN),
        ArmSums.proportion(100, 49), ArmSums.proportion(100, 51)));
    assertResult(r, 0.04082, 0.14725, -0.24779, 0.32943);
    assertThat(r.chanceToWin()).isCloseTo(0.60918, FIVE_DECIMALS);
    assertThat(r.pValue()).isEmpty();
  }

  @Test // bayesian/test_tests.py TestNorm.test_bayesian_gaussian_ab_test
  void shouldMatchBayesianChanceToWinOnMeans() {
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.MEAN).with(Method.BAYESIAN),
        ArmSums.of(10, 100, 1002.25), ArmSums.of(10, 105, 1111.5)));
    assertResult(r, 0.05, 0.03572, -0.02, 0.12);
    assertThat(r.chanceToWin()).isCloseTo(0.91923, FIVE_DECIMALS);
  }

  @Test // test_gbstats.py RATIO_STATISTICS_DF: its denominator Σd² = 810 < (Σd)²/n = 2601 — no real data has that
  void shouldRefuseGbstatsRatioFixtureWhoseDenominatorVarianceIsNegative() {
    ArmSums control = ArmSums.of(100, 270, 848.79).withRatio(510, 810, -900);
    ArmSums treatment = ArmSums.of(120, 300, 869).withRatio(500, 800, -905);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.RATIO), control, treatment))
        .isInstanceOf(InvalidSumsException.class)
        .extracting(e -> ((InvalidSumsException) e).field())
        .isEqualTo("control.denominator_sum_squares");
  }

  /**
   * The post-exposure sums of gbstats' RATIO_RA_STATISTICS_DF (test_gbstats.py). gbstats' tests
   * only check them with CUPED, so the expected values were computed by running gbstats itself
   * (RatioStatistic + TwoSidedTTest / SequentialTwoSidedTTest, growthbook 8f1db44569).
   */
  @Test
  void shouldMatchGbstatsOnRatioMetricByDeltaMethod() {
    ArmSums control = ArmSums.of(100, 485.112236689623, 2715.484666118136)
        .withRatio(679.9093275844917, 4939.424001640236, 3602.146836776702);
    ArmSums treatment = ArmSums.of(100, 514.7757826608777, 2994.897482705013)
        .withRatio(705.4090874383759, 5291.36604146392, 3918.1561431600717);
    AnalysisSpec spec = AnalysisSpec.defaults(MetricKind.RATIO);

    Computed relative = computed(StatsEngine.analyse(spec, control, treatment));
    assertResult(relative, 0.02279, 0.02791, -0.03224, 0.07782);
    assertThat(relative.pValue().getAsDouble()).isCloseTo(0.41513, FIVE_DECIMALS);

    Computed absolute = computed(StatsEngine.analyse(spec.with(Difference.ABSOLUTE), control, treatment));
    assertResult(absolute, 0.01626, 0.01968, -0.02255, 0.05507);
    assertThat(absolute.pValue().getAsDouble()).isCloseTo(0.40975, FIVE_DECIMALS);

    Computed sequential = computed(StatsEngine.analyse(spec.with(Method.SEQUENTIAL), control, treatment));
    assertResult(sequential, 0.02279, 0.02791, -0.11953, 0.16511);
  }

  /** Same provenance as above: RA_STATISTICS_DF with absolute effect, computed by gbstats. */
  @Test
  void shouldMatchGbstatsOnAbsoluteCuped() {
    ArmSums control = ArmSums.of(3001, 300, 600).withCovariate(210, 415, -20);
    ArmSums treatment = ArmSums.of(3000, 222, 555).withCovariate(120, 405, -10);
    Computed r = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.MEAN).with(Difference.ABSOLUTE),
        control, treatment));
    assertResult(r, -0.02816, 0.01108, -0.04987, -0.00645);
    assertThat(r.pValue().getAsDouble()).isCloseTo(0.01103, FIVE_DECIMALS);
  }

  /**
   * gbstats' own sequential vectors all print p = 0 or 1; these two exercise the e-value p-value
   * in between. Computed by running gbstats (SequentialTwoSidedTTest, growthbook 8f1db44569).
   */
  @Test
  void shouldMatchGbstatsSequentialPValueBetweenZeroAndOne() {
    Computed relative = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.MEAN).with(Method.SEQUENTIAL),
        MEAN_CONTROL, MEAN_TREATMENT));
    assertResult(relative, 0.70732, 0.37879, -0.44442, 1.85906);
    assertThat(relative.pValue().getAsDouble()).isCloseTo(0.69867, FIVE_DECIMALS);

    Computed absolute = computed(StatsEngine.analyse(
        AnalysisSpec.defaults(MetricKind.MEAN).with(Method.SEQUENTIAL).with(Difference.ABSOLUTE),
        ArmSums.of(300, 1396.87, 52377.9767), ArmSums.of(346, 2422.7, 134698.29)));
    assertResult(absolute, 2.34579, 1.22381, -2.10539, 6.79697);
    assertThat(absolute.pValue().getAsDouble()).isCloseTo(0.56150, FIVE_DECIMALS);
  }
}
