package dev.tributary.experiments.definition;

import dev.tributary.experiments.stats.InvalidSumsException;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.SampleSize;
import java.util.Optional;

/**
 * The sample size an experiment's definition implies: its relative minimum detectable effect and baseline
 * (a rate when the baseline has no standard deviation, else a mean with that deviation) planned by the
 * statistics engine's {@link SampleSize} at the conventional α = 0.05 (two-sided) and power 0.8. Fixed by the
 * file before the start, so the report can say whether the planned size is reached.
 *
 * <p>Thread-safe: stateless.
 */
public final class PlannedSampleSize {

  /** Two-sided significance level of the plan. */
  public static final double ALPHA = 0.05;
  /** Power of the plan. */
  public static final double POWER = 0.80;

  private PlannedSampleSize() {}

  /**
   * Units each variant needs, or empty when the definition states no MDE or no baseline.
   *
   * @throws InvalidSumsException when the MDE and baseline admit no plan (see {@link #problem})
   */
  public static Optional<SampleSize.Answer> of(ExperimentDefinition e) {
    return plan(e).map(SampleSize::perVariant);
  }

  /** Why the MDE and baseline admit no plan (the definitions field and the reason), if they do not. */
  static Optional<DefinitionError> problem(ExperimentDefinition e) {
    try {
      of(e);
      return Optional.empty();
    } catch (InvalidSumsException x) {
      String field = switch (x.field()) {
        case "baseline_mean" -> "baseline.mean";
        case "baseline_variance" -> "baseline.standard_deviation";
        default -> "minimum_detectable_effect";
      };
      return Optional.of(new DefinitionError(e.key(), field, DefinitionRule.TYPE,
          "admits no sample size plan: " + x.getMessage()));
    }
  }

  private static Optional<SampleSize.Plan> plan(ExperimentDefinition e) {
    if (e.minimumDetectableEffect().isEmpty() || e.baseline().isEmpty()) {
      return Optional.empty();
    }
    Baseline b = e.baseline().get();
    double mde = e.minimumDetectableEffect().get();
    return Optional.of(b.standardDeviation()
        .map(sd -> new SampleSize.Plan(MetricKind.MEAN, b.mean(), sd * sd, mde, ALPHA, POWER))
        .orElseGet(() -> new SampleSize.Plan(MetricKind.PROPORTION, b.mean(), Double.NaN, mde, ALPHA, POWER)));
  }
}
