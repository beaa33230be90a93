package dev.tributary.experiments.report;

import static dev.tributary.experiments.report.ReportFixtures.KEY;
import static dev.tributary.experiments.report.ReportFixtures.experiment;
import static dev.tributary.experiments.report.ReportFixtures.exposed;
import static dev.tributary.experiments.report.ReportFixtures.mean;
import static dev.tributary.experiments.report.ReportFixtures.planned;
import static dev.tributary.experiments.report.ReportFixtures.proportion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.Status;
import dev.tributary.experiments.report.ExperimentReport.Analysed;
import dev.tributary.experiments.report.ExperimentReport.Comparison;
import dev.tributary.experiments.report.ExperimentReport.Decision;
import dev.tributary.experiments.report.ExperimentReport.MetricReport;
import dev.tributary.experiments.report.ExperimentReport.Role;
import dev.tributary.experiments.stats.AnalysisSpec;
import dev.tributary.experiments.stats.ArmSums;
import dev.tributary.experiments.stats.Difference;
import dev.tributary.experiments.stats.Method;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.StatsEngine;
import dev.tributary.experiments.stats.StatsResult;
import dev.tributary.experiments.stats.StatsResult.Computed;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The report over sums built from the published vectors (GrowthBook's gbstats tests): the engine's
 * numbers must reach the report unchanged, and the verdict must rest on the right interval.
 */
class ExperimentReporterTest {

  private static final Offset<Double> FIVE_DECIMALS = within(0.5e-5);

  private static Comparison only(ExperimentReport report, String metric) {
    MetricReport m = report.metrics().stream().filter(x -> x.metric().equals(metric)).findFirst().orElseThrow();
    assertThat(m.comparisons()).hasSize(1);
    return m.comparisons().get(0);
  }

  private static Analysed analysed(Comparison c) {
    assertThat(c.analysis()).isInstanceOf(Analysed.class);
    return (Analysed) c.analysis();
  }

  private static Computed computed(StatsResult r) {
    assertThat(r).isInstanceOf(Computed.class);
    return (Computed) r;
  }

  @Test
  void shouldCarryTheWelchVectorsOfMeansIntoTheReport() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "order_value"),
        new ObservedResults(List.of(mean("control", "order_value", 3407, 1396.87, 52377.9767),
            mean("test", "order_value", 3461, 2422.7, 134698.29)),
            List.of(exposed("control", 3407, 0), exposed("test", 3461, 0))));

    Analysed a = analysed(only(report, "order_value"));
    Computed relative = computed(a.relativeFixed());
    assertThat(relative.effect()).isCloseTo(0.70732, FIVE_DECIMALS);
    assertThat(relative.standardError()).isCloseTo(0.37879, FIVE_DECIMALS);
    assertThat(relative.interval().lower()).isCloseTo(-0.03526, FIVE_DECIMALS);
    assertThat(relative.interval().upper()).isCloseTo(1.44989, FIVE_DECIMALS);
    assertThat(relative.pValue().getAsDouble()).isCloseTo(0.06191, FIVE_DECIMALS);
    Computed absolute = computed(a.absoluteFixed());
    assertThat(absolute.effect()).isCloseTo(0.29, FIVE_DECIMALS);
    assertThat(absolute.standardError()).isCloseTo(0.12478, FIVE_DECIMALS);
    assertThat(absolute.interval().lower()).isCloseTo(0.04538, FIVE_DECIMALS);
    assertThat(absolute.interval().upper()).isCloseTo(0.53462, FIVE_DECIMALS);
    assertThat(absolute.pValue().getAsDouble()).isCloseTo(0.02016, FIVE_DECIMALS);
    assertThat(report.metrics().get(0).values()).extracting(ExperimentReport.ArmValue::value)
        .containsExactly(1396.87 / 3407, 2422.7 / 3461);
  }

  @Test
  void shouldCarryTheProportionVectorIntoTheReport() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.STOPPED, 0.5, "checkout_completed"),
        new ObservedResults(List.of(proportion("control", "checkout_completed", 28, 14),
            proportion("test", "checkout_completed", 30, 16)),
            List.of(exposed("control", 28, 0), exposed("test", 30, 0))));

    Computed relative = computed(analysed(only(report, "checkout_completed")).relativeFixed());
    assertThat(relative.effect()).isCloseTo(0.06667, FIVE_DECIMALS);
    assertThat(relative.interval().lower()).isCloseTo(-0.47767, FIVE_DECIMALS);
    assertThat(relative.interval().upper()).isCloseTo(0.61101, FIVE_DECIMALS);
    assertThat(relative.pValue().getAsDouble()).isCloseTo(0.80707, FIVE_DECIMALS);
    // stopped without a plan: the fixed-horizon interval is not valid, the sequential one decides
    assertThat(report.deciding().method()).isEqualTo(Method.SEQUENTIAL);
    assertThat(only(report, "checkout_completed").verdict().decision()).isEqualTo(Decision.NO_DIFFERENCE_DETECTED);
  }

  @Test
  void shouldCallTheWinnerOfALiveTestFromTheSequentialVector() {
    // designed 3000 : 3461 so that the vector's unequal arms are no sample ratio mismatch
    ExperimentDefinition e = experiment(Status.RUNNING, 3000.0 / 6461, "checkout_completed");
    ExperimentReport report = ExperimentReporter.report(e, new ObservedResults(
        List.of(proportion("control", "checkout_completed", 3000, 1396), proportion("test", "checkout_completed", 3461, 2422)),
        List.of(exposed("control", 3000, 0), exposed("test", 3461, 0))));

    assertThat(report.sequentialTuning()).isEqualTo(AnalysisSpec.DEFAULT_SEQUENTIAL_TUNING);
    Comparison c = only(report, "checkout_completed");
    Computed sequential = computed(analysed(c).relativeSequential());
    assertThat(sequential.effect()).isCloseTo(0.50386, FIVE_DECIMALS);
    assertThat(sequential.interval().lower()).isCloseTo(0.40098, FIVE_DECIMALS);
    assertThat(sequential.interval().upper()).isCloseTo(0.60675, FIVE_DECIMALS);
    assertThat(c.verdict().decision()).isEqualTo(Decision.INCREASED);
    assertThat(c.verdict().decidedBy()).isEqualTo(Method.SEQUENTIAL);
    assertThat(c.verdict().words()).startsWith("test beats control on checkout_completed: +50.4 %")
        .contains("sequential CI +40.1 % to +60.7 %");
    assertThat(analysed(c).chanceToWin().getAsDouble()).isGreaterThan(0.999);
  }

  @Test
  void shouldNeverCallALiveTestFromAFixedHorizonPValue() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"),
        new ObservedResults(List.of(proportion("control", "checkout_completed", 1000, 100),
            proportion("test", "checkout_completed", 1000, 135)),
            List.of(exposed("control", 1000, 0), exposed("test", 1000, 0))));

    Comparison c = only(report, "checkout_completed");
    assertThat(computed(analysed(c).relativeFixed()).significant()).as("fixed-horizon p below alpha").isTrue();
    assertThat(computed(analysed(c).relativeSequential()).significant()).as("sequential CI holds 0").isFalse();
    assertThat(c.verdict().decision()).isEqualTo(Decision.INCONCLUSIVE_SO_FAR);
    assertThat(c.verdict().words()).contains("keep it running").contains("is not a verdict");
    assertThat(report.deciding().why()).contains("live").contains("sequential");
  }

  @Test
  void shouldLetTheFixedHorizonIntervalDecideOnceAStoppedTestReachedItsPlan() {
    ExperimentDefinition e = planned(experiment(Status.STOPPED, 0.5, "checkout_completed"), 0.1, 0.35);
    long perVariant = report(e, 1000, 1000).progress().plannedPerVariant().getAsLong();
    ExperimentReport report = report(e, perVariant, perVariant);

    assertThat(report.progress().reached()).isTrue();
    assertThat(report.deciding().method()).isEqualTo(Method.FIXED);
    assertThat(report.sequentialTuning()).isEqualTo(2.0 * perVariant);
    assertThat(only(report, "checkout_completed").verdict().decidedBy()).isEqualTo(Method.FIXED);
    assertThat(report.progress().words()).startsWith("reached");
  }

  @Test
  void shouldReportProgressTowardsThePlannedSampleSize() {
    ExperimentDefinition e = planned(experiment(Status.RUNNING, 0.5, "checkout_completed"), 0.12, 0.05);
    ExperimentReport report = report(e, 4_703, 4_800);

    assertThat(report.progress().plannedPerVariant().getAsLong()).isEqualTo(47_034);
    assertThat(report.progress().smallestVariantUnits()).isEqualTo(4_703);
    assertThat(report.progress().fraction().getAsDouble()).isCloseTo(0.1, within(0.001));
    assertThat(report.progress().reached()).isFalse();
    assertThat(report.progress().words()).isEqualTo("not reached: smallest variant has 4703 of 47034 planned units"
        + " per variant (10.0 %)");
    assertThat(report.deciding().method()).isEqualTo(Method.SEQUENTIAL);
  }

  private static ExperimentReport report(ExperimentDefinition e, long control, long test) {
    return ExperimentReporter.report(e, new ObservedResults(
        List.of(proportion("control", "checkout_completed", control, Math.round(control * 0.10)),
            proportion("test", "checkout_completed", test, Math.round(test * 0.135))),
        List.of(exposed("control", control, 0), exposed("test", test, 0))));
  }

  @Test
  void shouldSayNotEnoughDataWhenAVariantHasFewerThanTwoUnits() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"),
        new ObservedResults(List.of(proportion("control", "checkout_completed", 1, 1),
            proportion("test", "checkout_completed", 3, 1)),
            List.of(exposed("control", 1, 0), exposed("test", 3, 0))));

    Comparison c = only(report, "checkout_completed");
    assertThat(analysed(c).relativeFixed()).isInstanceOf(StatsResult.NotComputable.class);
    assertThat(c.verdict().decision()).isEqualTo(Decision.NOT_ENOUGH_DATA);
    assertThat(c.verdict().words()).contains("control has 1 units");
  }

  @Test
  void shouldSayNotEnoughDataForAVariantWithoutRows() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"),
        new ObservedResults(List.of(proportion("control", "checkout_completed", 50, 5)), List.of(exposed("control", 50, 0))));

    assertThat(only(report, "checkout_completed").verdict().decision()).isEqualTo(Decision.NOT_ENOUGH_DATA);
    assertThat(report.metrics().get(0).values().get(1).units()).isZero();
  }

  @Test
  void shouldListPrimaryThenGuardrailsAndSayWhenAMetricHasNoRowsYet() {
    ExperimentReport report = ExperimentReporter.report(
        experiment(Status.RUNNING, 0.5, "checkout_completed", "page_load_ms"),
        new ObservedResults(List.of(mean("control", "session_length_s", 10, 100, 1200),
            mean("test", "session_length_s", 10, 110, 1400)), List.of()));

    assertThat(report.metrics()).extracting(MetricReport::metric)
        .containsExactly("checkout_completed", "page_load_ms", "session_length_s");
    assertThat(report.metrics()).extracting(MetricReport::role).containsExactly(Role.PRIMARY, Role.GUARDRAIL, Role.OTHER);
    assertThat(report.metrics().get(0).summary()).startsWith("no data yet");
    assertThat(report.metrics().get(0).comparisons()).isEmpty();
  }

  @Test
  void shouldFlagASampleRatioMismatchAgainstTheDesignedWeightsAndDistrustEveryVerdict() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"),
        new ObservedResults(List.of(proportion("control", "checkout_completed", 310, 31),
            proportion("test", "checkout_completed", 98, 30)),
            List.of(exposed("control", 310, 0), exposed("test", 98, 0))));

    assertThat(report.srm().mismatch()).isTrue();
    assertThat(report.srm().result().pValue()).isLessThan(0.001);
    assertThat(report.srm().words()).startsWith("mismatch");
    assertThat(only(report, "checkout_completed").verdict().decision()).isEqualTo(Decision.UNTRUSTWORTHY);
  }

  @Test
  void shouldAcceptAnUnevenSplitThatFollowsAnUnevenDesign() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.75, "checkout_completed"),
        new ObservedResults(List.of(), List.of(exposed("control", 310, 0), exposed("test", 98, 0))));

    assertThat(report.srm().mismatch()).isFalse();
    assertThat(report.srm().result().pValue()).isCloseTo(0.647434185701797, within(1e-9));
    assertThat(report.srm().words()).startsWith("no mismatch");
  }

  @Test
  void shouldFlagUnitsInAVariantTheDesignDoesNotHave() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"),
        new ObservedResults(List.of(), List.of(exposed("control", 100, 0), exposed("test", 100, 0),
            exposed("blue", 3, 0))));

    assertThat(report.variants()).extracting(ExperimentReport.VariantUnits::variationId)
        .containsExactly("control", "test", "blue");
    assertThat(report.srm().mismatch()).isTrue();
    assertThat(report.srm().result().unitsInUnweightedVariants()).isEqualTo(3);
  }

  @Test
  void shouldCountUnitsExcludedForSeeingMoreThanOneVariant() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"),
        new ObservedResults(List.of(), List.of(exposed("control", 100, 4), exposed("test", 101, 3))));

    assertThat(report.excludedUnits()).isEqualTo(7);
    assertThat(report.variants()).extracting(ExperimentReport.VariantUnits::excludedUnits).containsExactly(4L, 3L);
  }

  @Test
  void shouldApplyCupedWhenPreExposureSumsAreNonZero() {
    SumsRow control = new SumsRow(KEY, 1, "control", "order_value", MetricKind.MEAN, 100, 520, 3100, 0, 0, 0,
        500, 2900, 2950);
    SumsRow test = new SumsRow(KEY, 1, "test", "order_value", MetricKind.MEAN, 110, 600, 3600, 0, 0, 0,
        540, 3000, 3150);
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "order_value"),
        new ObservedResults(List.of(control, test), List.of(exposed("control", 100, 0), exposed("test", 110, 0))));

    Computed relative = computed(analysed(only(report, "order_value")).relativeFixed());
    Computed expected = computed(StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.MEAN),
        ArmSums.of(100, 520, 3100).withCovariate(500, 2900, 2950), ArmSums.of(110, 600, 3600).withCovariate(540, 3000, 3150)));
    assertThat(report.metrics().get(0).cuped()).isTrue();
    assertThat(relative.cupedTheta()).isPresent();
    assertThat(relative.effect()).isEqualTo(expected.effect());
    assertThat(relative.standardError()).isEqualTo(expected.standardError());
  }

  @Test
  void shouldAnalyseARatioMetricByItsDenominator() {
    SumsRow control = new SumsRow(KEY, 1, "control", "revenue_per_user", MetricKind.RATIO, 100, 500, 4000, 200, 500,
        1200, 0, 0, 0);
    SumsRow test = new SumsRow(KEY, 1, "test", "revenue_per_user", MetricKind.RATIO, 100, 560, 4500, 205, 520,
        1300, 0, 0, 0);
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "revenue_per_user"),
        new ObservedResults(List.of(control, test), List.of(exposed("control", 100, 0), exposed("test", 100, 0))));

    Computed expected = computed(StatsEngine.analyse(new AnalysisSpec(MetricKind.RATIO, Difference.ABSOLUTE,
        Method.SEQUENTIAL, 0.05, 5000), ArmSums.of(100, 500, 4000).withRatio(200, 500, 1200),
        ArmSums.of(100, 560, 4500).withRatio(205, 520, 1300)));
    assertThat(computed(analysed(only(report, "revenue_per_user")).absoluteSequential()).interval())
        .isEqualTo(expected.interval());
    assertThat(report.metrics().get(0).values().get(0).value()).isEqualTo(2.5);
  }

  @Test
  void shouldReportImpossibleSumsInsteadOfFailingTheWholeReport() {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "order_value", "page_load_ms"),
        new ObservedResults(List.of(mean("control", "order_value", 10, 100, 1), mean("test", "order_value", 10, 100, 1200),
            mean("control", "page_load_ms", 10, 100, 1200), mean("test", "page_load_ms", 10, 100, 1300)), List.of()));

    Comparison broken = only(report, "order_value");
    assertThat(broken.analysis()).isInstanceOf(ExperimentReport.Invalid.class);
    assertThat(broken.verdict().decision()).isEqualTo(Decision.NOT_COMPUTABLE);
    assertThat(only(report, "page_load_ms").analysis()).isInstanceOf(Analysed.class);
  }

  @Test
  void shouldIgnoreRowsOfOtherPhasesAndNoteThatAnOlderPhaseUsesTodaysWeights() {
    SumsRow phase2 = new SumsRow(KEY, 2, "control", "checkout_completed", MetricKind.PROPORTION, 500, 50, 50, 0, 0, 0,
        0, 0, 0);
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"), 1,
        new ObservedResults(List.of(phase2, proportion("control", "checkout_completed", 20, 2)), List.of()));

    assertThat(report.metrics().get(0).values().get(0).units()).isEqualTo(20);
    assertThat(report.notes()).isEmpty();
    ExperimentReport older = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"), 0,
        ObservedResults.NONE);
    assertThat(older.notes()).singleElement().asString().contains("not the definition's current phase");
    assertThat(older.deciding().why()).contains("ended");
  }
}
