package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.tributary.e2e.ScriptedExperiment.Expected;
import dev.tributary.experiments.report.ExperimentReport;
import dev.tributary.experiments.report.ExperimentReport.Analysed;
import dev.tributary.experiments.report.ExperimentReport.MetricReport;
import dev.tributary.experiments.report.ExperimentReporter;
import dev.tributary.experiments.report.ExposureRow;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.report.SumsRow;
import dev.tributary.experiments.stats.AnalysisSpec;
import dev.tributary.experiments.stats.ArmSums;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.StatsEngine;
import dev.tributary.experiments.stats.StatsResult.Computed;
import dev.tributary.localstack.experiment.ClickHouseExperimentResults;
import dev.tributary.testsupport.TestClickHouse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a {@link ScriptedExperiment}'s result from ClickHouse as the read-only analyst (the report's own adapter
 * over the catalogue's result views) and checks it against the script: exact units, exclusions and sums per
 * variant; the report's sample-ratio verdict; the designed and the realised lift inside both intervals; CUPED
 * applied and narrowing the interval.
 */
final class ScriptedExperimentReport {

  private static final String CONVERSION = "purchase_conversion_rate";
  private static final String REVENUE = "revenue_per_active_user";

  private ScriptedExperimentReport() {}

  static void assertReport(ScriptedExperiment script, String database) {
    Map<String, Expected> expected = script.expected();
    ClickHouseExperimentResults warehouse = new ClickHouseExperimentResults(TestClickHouse.analyst(), database);
    long excluded = ScriptedExperiment.MULTI_VARIANT_UNITS.size();
    // a ceiling, not a wait: about 15 s on an idle machine (a 5 s report interval, then the sink); on a machine
    // shared by many builds (load average 40 on 2 cores) it was seen to take over 100 s
    await("the scripted experiment's exposures and sums in the warehouse").atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          ObservedResults o = warehouse.read(ScriptedExperiment.KEY, 1);
          Map<String, ExposureRow> exposures = o.exposures().stream()
              .collect(Collectors.toMap(ExposureRow::variationId, Function.identity()));
          assertThat(exposures.keySet()).containsExactlyInAnyOrder("control", "treatment");
          expected.forEach((variant, e) -> {
            assertThat(exposures.get(variant).units()).as("units of %s", variant).isEqualTo(e.units());
            assertThat(exposures.get(variant).excludedUnits()).as("excluded, first exposed to %s", variant)
                .isEqualTo(variant.equals("control") ? excluded : 0);
            SumsRow conversion = row(o, variant, CONVERSION);
            assertThat(conversion.units()).isEqualTo(e.units());
            assertThat(conversion.sum()).as("conversions in %s", variant).isEqualTo(e.conversions());
            assertThat(conversion.preSum()).as("regulars (x = 1) in %s", variant).isEqualTo(e.preConversions());
            SumsRow revenue = row(o, variant, REVENUE);
            assertThat(revenue.sum()).as("revenue in %s", variant).isCloseTo(e.revenue(), within(1e-6));
            assertThat(revenue.preSum()).as("pre-exposure revenue in %s", variant).isCloseTo(e.preRevenue(), within(1e-6));
            assertThat(revenue.preSumProducts()).isCloseTo(e.preRevenueTimesRevenue(), within(1e-6));
          });
        });

    ObservedResults observed = warehouse.read(ScriptedExperiment.KEY, 1);
    ExperimentReport report = ExperimentReporter.report(ScriptedExperiment.definition(), 1, observed);
    assertThat(report.variants()).allSatisfy(v -> assertThat(v.units()).isEqualTo(expected.get(v.variationId()).units()));
    assertThat(report.excludedUnits()).isEqualTo(excluded);
    assertThat(report.srm().mismatch()).as(report.srm().words()).isFalse();

    MetricReport conversion = report.metrics().stream().filter(m -> m.metric().equals(CONVERSION)).findFirst()
        .orElseThrow();
    assertThat(conversion.cuped()).as("pre-exposure sums are there, so CUPED applies").isTrue();
    Analysed analysed = (Analysed) conversion.comparisons().get(0).analysis();
    Computed fixed = (Computed) analysed.relativeFixed();
    Computed sequential = (Computed) analysed.relativeSequential();
    Expected c = expected.get("control");
    Expected t = expected.get("treatment");
    double realised = ((double) t.conversions() / t.units()) / ((double) c.conversions() / c.units()) - 1;
    for (Computed interval : new Computed[] {fixed, sequential}) {
      assertThat(ScriptedExperiment.DESIGNED_LIFT).as("designed lift in the %s CI", interval.spec().method())
          .isBetween(interval.interval().lower(), interval.interval().upper());
      assertThat(realised).as("realised lift in the %s CI", interval.spec().method())
          .isBetween(interval.interval().lower(), interval.interval().upper());
    }
    assertThat(fixed.cupedTheta()).isPresent();

    Computed plain = (Computed) StatsEngine.analyse(AnalysisSpec.defaults(MetricKind.PROPORTION),
        withoutCovariate(row(observed, "control", CONVERSION)), withoutCovariate(row(observed, "treatment", CONVERSION)));
    double ratio = Math.pow(fixed.standardError() / plain.standardError(), 2);
    System.out.printf(Locale.ROOT, "scripted experiment: control %d units %d conversions, treatment %d units %d"
            + " conversions; relative effect %.4f (plain %.4f, realised %.4f, designed %.4f); fixed CI [%.4f, %.4f],"
            + " sequential CI [%.4f, %.4f]; CUPED theta %.4f, variance ratio CUPED/plain %.3f%n",
        c.units(), c.conversions(), t.units(), t.conversions(), fixed.effect(), plain.effect(), realised,
        ScriptedExperiment.DESIGNED_LIFT, fixed.interval().lower(), fixed.interval().upper(),
        sequential.interval().lower(), sequential.interval().upper(), fixed.cupedTheta().getAsDouble(), ratio);
    assertThat(ratio).as("CUPED narrows the interval: the regulars explain much of the conversion").isLessThan(0.9);
  }

  private static SumsRow row(ObservedResults o, String variant, String metric) {
    return o.sums().stream().filter(s -> s.variationId().equals(variant) && s.metric().equals(metric)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + metric + " row for " + variant + " yet"));
  }

  private static ArmSums withoutCovariate(SumsRow row) {
    return ArmSums.of(row.units(), row.sum(), row.sumSquares());
  }
}
