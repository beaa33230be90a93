package dev.tributary.experiments.report;

import dev.tributary.experiments.stats.ArmSums;
import dev.tributary.experiments.stats.MetricKind;
import java.util.Objects;

/**
 * One row of {@code experiment_sums_v}: one metric's additive sums for one variant of one experiment phase,
 * totals so far. The ratio and pre-exposure sums are zero where the metric does not use them. Immutable.
 */
public record SumsRow(String experimentKey, int phase, String variationId, String metric, MetricKind metricKind,
    long units, double sum, double sumSquares, double denominatorSum, double denominatorSumSquares,
    double sumProducts, double preSum, double preSumSquares, double preSumProducts) {

  public SumsRow {
    Objects.requireNonNull(experimentKey, "experimentKey");
    Objects.requireNonNull(variationId, "variationId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(metricKind, "metricKind");
  }

  /** True when any pre-exposure sum is non-zero: the metric has a CUPED covariate. */
  public boolean hasCovariate() {
    return preSum != 0 || preSumSquares != 0 || preSumProducts != 0;
  }

  /**
   * The engine's sums: denominator sums for a ratio metric; the covariate when {@code withCovariate} (never
   * for a ratio, which CUPED does not support).
   */
  ArmSums toArmSums(boolean withCovariate) {
    ArmSums arm = ArmSums.of(units, sum, sumSquares);
    if (metricKind == MetricKind.RATIO) {
      return arm.withRatio(denominatorSum, denominatorSumSquares, sumProducts);
    }
    return withCovariate ? arm.withCovariate(preSum, preSumSquares, preSumProducts) : arm;
  }

  /** The metric's value in this variant: the mean, the rate, or Σ numerator / Σ denominator; NaN without units. */
  double value() {
    if (metricKind == MetricKind.RATIO) {
      return denominatorSum == 0 ? Double.NaN : sum / denominatorSum;
    }
    return units == 0 ? Double.NaN : sum / units;
  }
}
