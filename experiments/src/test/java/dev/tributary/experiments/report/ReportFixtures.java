package dev.tributary.experiments.report;

import dev.tributary.experiments.definition.Baseline;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.Status;
import dev.tributary.experiments.definition.Variant;
import dev.tributary.experiments.stats.MetricKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Definitions and warehouse rows for report tests. */
final class ReportFixtures {

  static final String KEY = "checkout-button";
  static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

  private ReportFixtures() {}

  /** control / test at the given weights, primary metric {@code primary}, guardrails as given, no plan. */
  static ExperimentDefinition experiment(Status status, double controlWeight, String primary, String... guardrails) {
    return new ExperimentDefinition(KEY, KEY, 1, status,
        List.of(new Variant("control", controlWeight), new Variant("test", 1 - controlWeight)), 1.0,
        Optional.of(T0), status == Status.STOPPED ? Optional.of(T0.plusSeconds(86_400)) : Optional.empty(),
        Optional.of("test converts better"), Optional.of(primary), List.of(guardrails), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /** The same with a planned sample size: a proportion baseline and a relative MDE. */
  static ExperimentDefinition planned(ExperimentDefinition e, double baselineRate, double mde) {
    return new ExperimentDefinition(e.key(), e.seed(), e.phase(), e.status(), e.variants(), e.coverage(), e.start(),
        e.stop(), e.hypothesis(), e.primaryMetric(), e.guardrailMetrics(), Optional.of(mde),
        Optional.of(new Baseline(baselineRate, Optional.empty())), e.changedBy());
  }

  static SumsRow mean(String variant, String metric, long n, double sum, double sumSquares) {
    return new SumsRow(KEY, 1, variant, metric, MetricKind.MEAN, n, sum, sumSquares, 0, 0, 0, 0, 0, 0);
  }

  static SumsRow proportion(String variant, String metric, long n, long conversions) {
    return new SumsRow(KEY, 1, variant, metric, MetricKind.PROPORTION, n, conversions, conversions, 0, 0, 0, 0, 0, 0);
  }

  static ExposureRow exposed(String variant, long units, long excluded) {
    return new ExposureRow(KEY, 1, variant, units, excluded, T0, T0.plusSeconds(3600));
  }
}
