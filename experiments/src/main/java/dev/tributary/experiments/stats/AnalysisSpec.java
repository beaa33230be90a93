package dev.tributary.experiments.stats;

import java.util.Objects;

/**
 * What to compute for one metric: its kind, the effect scale, the inference method, the level
 * and the sequential tuning parameter N* (the total sample size at which the confidence sequence
 * is tightest). Immutable.
 */
public record AnalysisSpec(MetricKind metric, Difference difference, Method method, double alpha, double sequentialTuning) {

  /** GrowthBook's default N*. */
  public static final double DEFAULT_SEQUENTIAL_TUNING = 5000;
  public static final double DEFAULT_ALPHA = 0.05;

  public AnalysisSpec {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(difference, "difference");
    Objects.requireNonNull(method, "method");
    if (!(alpha > 0 && alpha < 1)) {
      throw new InvalidSumsException("alpha", "must lie strictly between 0 and 1, was " + alpha);
    }
    if (!(sequentialTuning > 0) || Double.isInfinite(sequentialTuning)) {
      throw new InvalidSumsException("sequential_tuning", "must be a positive number of units, was " + sequentialTuning);
    }
  }

  /** Relative effect, fixed horizon, α = 0.05, N* = 5000. */
  public static AnalysisSpec defaults(MetricKind metric) {
    return new AnalysisSpec(metric, Difference.RELATIVE, Method.FIXED, DEFAULT_ALPHA, DEFAULT_SEQUENTIAL_TUNING);
  }

  public AnalysisSpec with(Method newMethod) {
    return new AnalysisSpec(metric, difference, newMethod, alpha, sequentialTuning);
  }

  public AnalysisSpec with(Difference newDifference) {
    return new AnalysisSpec(metric, newDifference, method, alpha, sequentialTuning);
  }

  public AnalysisSpec withSequentialTuning(double tuning) {
    return new AnalysisSpec(metric, difference, method, alpha, tuning);
  }
}
