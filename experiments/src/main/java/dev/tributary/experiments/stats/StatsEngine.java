package dev.tributary.experiments.stats;

import java.util.Objects;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistics engine: one metric, control against one treatment, from their additive sums.
 * Fixed-horizon inference is the Welch t test; sequential inference the asymptotic confidence
 * sequence ({@link ConfidenceSequence}); Bayesian inference the normal posterior of the effect
 * under a flat prior (gbstats' default, improper prior). Every method also reports the chance to
 * win under that posterior. Matches GrowthBook's gbstats to the digits its tests print.
 *
 * <p>Stateless and thread-safe.
 */
public final class StatsEngine {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private StatsEngine() {}

  /**
   * Analyses one metric.
   *
   * @throws InvalidSumsException when the sums are impossible (negative variance, a proportion
   *     above n, a correlation beyond ±1) or do not fit the metric (a ratio without denominator)
   */
  public static StatsResult analyse(AnalysisSpec spec, ArmSums control, ArmSums treatment) {
    Objects.requireNonNull(spec, "spec");
    EffectEstimator.Estimation estimation =
        EffectEstimator.estimate(spec.metric(), spec.difference(), control, treatment);
    if (estimation instanceof StatsResult.NotComputable none) {
      return none;
    }
    EffectEstimator.EffectMoments m = (EffectEstimator.EffectMoments) estimation;
    double chanceToWin = STANDARD_NORMAL.cumulativeProbability(m.effect() / m.standardError());
    Interval interval;
    OptionalDouble pValue;
    switch (spec.method()) {
      case FIXED -> {
        TDistribution t = new TDistribution(null, m.degreesOfFreedom());
        interval = Interval.around(m.effect(),
            t.inverseCumulativeProbability(1 - spec.alpha() / 2) * m.standardError());
        pValue = OptionalDouble.of(2 * t.cumulativeProbability(-Math.abs(m.effect() / m.standardError())));
      }
      case SEQUENTIAL -> {
        interval = Interval.around(m.effect(),
            ConfidenceSequence.halfWidth(m.standardError(), m.totalUnits(), spec.alpha(), spec.sequentialTuning()));
        pValue = OptionalDouble.of(ConfidenceSequence.pValue(m.effect(), m.standardError(), m.totalUnits(),
            spec.alpha(), spec.sequentialTuning()));
      }
      case BAYESIAN -> {
        interval = Interval.around(m.effect(),
            STANDARD_NORMAL.inverseCumulativeProbability(1 - spec.alpha() / 2) * m.standardError());
        pValue = OptionalDouble.empty();
      }
      default -> throw new IllegalStateException("unknown method " + spec.method());
    }
    return new StatsResult.Computed(spec, m.controlMean(), m.treatmentMean(), m.effect(), m.standardError(), interval,
        pValue, chanceToWin, m.degreesOfFreedom(), m.cupedTheta());
  }
}
