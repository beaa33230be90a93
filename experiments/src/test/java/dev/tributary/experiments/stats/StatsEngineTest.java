package dev.tributary.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.experiments.stats.StatsResult.Computed;
import dev.tributary.experiments.stats.StatsResult.NotComputable;
import dev.tributary.experiments.stats.StatsResult.Reason;
import org.junit.jupiter.api.Test;

/** The engine's refusals and its invariants; the numbers themselves are in {@link GbstatsVectorsTest}. */
class StatsEngineTest {

  private static final AnalysisSpec MEAN = AnalysisSpec.defaults(MetricKind.MEAN);
  private static final ArmSums CONTROL = ArmSums.of(3407, 1396.87, 52377.9767);
  private static final ArmSums TREATMENT = ArmSums.of(3461, 2422.7, 134698.29);

  @Test
  void shouldSayTooFewUnitsBelowTwo() {
    StatsResult r = StatsEngine.analyse(MEAN, ArmSums.of(1, 3, 9), TREATMENT);
    assertThat(r).isInstanceOfSatisfying(NotComputable.class, n -> {
      assertThat(n.reason()).isEqualTo(Reason.TOO_FEW_UNITS);
      assertThat(n.message()).contains("control");
    });
  }

  @Test
  void shouldSayZeroVarianceWhenEveryoneConverted() {
    StatsResult r = StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.PROPORTION), ArmSums.proportion(50, 50),
        ArmSums.proportion(50, 20));
    assertThat(r).isInstanceOfSatisfying(NotComputable.class, n -> assertThat(n.reason()).isEqualTo(Reason.ZERO_VARIANCE));
  }

  @Test
  void shouldRefuseARelativeEffectOnAZeroControlMeanButGiveTheAbsoluteOne() {
    ArmSums control = ArmSums.of(10, 0, 40); // values −2 and +2 around zero
    assertThat(StatsEngine.analyse(MEAN, control, TREATMENT))
        .isInstanceOfSatisfying(NotComputable.class, n -> assertThat(n.reason()).isEqualTo(Reason.ZERO_CONTROL_MEAN));
    assertThat(StatsEngine.analyse(MEAN.with(Difference.ABSOLUTE), control, TREATMENT)).isInstanceOf(Computed.class);
  }

  @Test
  void shouldSayZeroDenominatorForARatioWithoutDenominator() {
    ArmSums control = ArmSums.of(10, 5, 5).withRatio(0, 0, 0);
    ArmSums treatment = ArmSums.of(10, 5, 5).withRatio(10, 12, 6);
    assertThat(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.RATIO), control, treatment))
        .isInstanceOfSatisfying(NotComputable.class, n -> assertThat(n.reason()).isEqualTo(Reason.ZERO_DENOMINATOR));
  }

  @Test
  void shouldRejectSumsThatImplyANegativeVariance() {
    assertThatThrownBy(() -> StatsEngine.analyse(MEAN, CONTROL, ArmSums.of(100, 100, 50)))
        .isInstanceOfSatisfying(InvalidSumsException.class,
            e -> assertThat(e.field()).isEqualTo("treatment.sum_squares"));
  }

  @Test
  void shouldRejectAProportionAboveItsUnits() {
    assertThatThrownBy(() -> StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.PROPORTION),
        ArmSums.proportion(10, 11), ArmSums.proportion(10, 5)))
        .isInstanceOfSatisfying(InvalidSumsException.class, e -> assertThat(e.field()).isEqualTo("control.sum"));
  }

  @Test
  void shouldRejectACovariateCorrelationBeyondOne() {
    // y and x both have variance ≈ 1, but Σxy claims a covariance of ≈ 10
    ArmSums control = ArmSums.of(100, 0, 99).withCovariate(0, 99, 990);
    ArmSums treatment = ArmSums.of(100, 10, 100).withCovariate(0, 99, 0);
    assertThatThrownBy(() -> StatsEngine.analyse(MEAN.with(Difference.ABSOLUTE), control, treatment))
        .isInstanceOfSatisfying(InvalidSumsException.class, e -> assertThat(e.field()).endsWith("pre_sum_products"));
  }

  @Test
  void shouldRejectARatioMetricWithoutDenominatorSums() {
    assertThatThrownBy(() -> StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.RATIO), CONTROL, TREATMENT))
        .isInstanceOfSatisfying(InvalidSumsException.class,
            e -> assertThat(e.field()).isEqualTo("control.denominator_sum"));
  }

  @Test
  void shouldGiveTheSameAnswerForSumsMergedFromPartitions() {
    ArmSums merged = ArmSums.of(1500, 600.5, 20000.25).plus(ArmSums.of(1907, 796.37, 32377.7267));
    Computed whole = (Computed) StatsEngine.analyse(MEAN, CONTROL, TREATMENT);
    Computed fromParts = (Computed) StatsEngine.analyse(MEAN, merged, TREATMENT);
    assertThat(fromParts.effect()).isCloseTo(whole.effect(), within(1e-9));
    assertThat(fromParts.standardError()).isCloseTo(whole.standardError(), within(1e-9));
  }

  @Test
  void shouldMakeTheSequentialIntervalWiderThanTheFixedOne() {
    Computed fixed = (Computed) StatsEngine.analyse(MEAN, CONTROL, TREATMENT);
    Computed sequential = (Computed) StatsEngine.analyse(MEAN.with(Method.SEQUENTIAL), CONTROL, TREATMENT);
    assertThat(sequential.interval().lower()).isLessThan(fixed.interval().lower());
    assertThat(sequential.interval().upper()).isGreaterThan(fixed.interval().upper());
    assertThat(sequential.pValue().getAsDouble()).isGreaterThanOrEqualTo(fixed.pValue().getAsDouble());
  }

  @Test
  void shouldReportChanceToWinBelowHalfForALosingTreatment() {
    Computed r = (Computed) StatsEngine.analyse(MEAN.with(Method.BAYESIAN), TREATMENT, CONTROL);
    assertThat(r.effect()).isNegative();
    assertThat(r.chanceToWin()).isLessThan(0.5);
  }
}
