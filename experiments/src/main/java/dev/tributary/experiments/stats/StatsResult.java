package dev.tributary.experiments.stats;

import java.util.OptionalDouble;

/**
 * The answer of {@link StatsEngine#analyse}: an effect with its interval, or the reason none can
 * be given. Immutable.
 */
public sealed interface StatsResult {

  /**
   * A computed effect.
   *
   * @param spec what was asked
   * @param controlMean the control's unadjusted metric value (mean, rate or ratio)
   * @param treatmentMean the treatment's unadjusted metric value
   * @param effect the point estimate on the asked scale (CUPED-adjusted when a covariate was given)
   * @param standardError its standard error
   * @param interval the confidence interval (fixed), confidence sequence (sequential) or credible
   *     interval (Bayesian) at level 1 − α
   * @param pValue two-sided p-value; empty for the Bayesian method
   * @param chanceToWin P(effect > 0) under a flat prior and the normal approximation
   * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom of the estimate
   * @param cupedTheta the pooled CUPED coefficient θ when a covariate was applied; empty otherwise
   */
  record Computed(AnalysisSpec spec, double controlMean, double treatmentMean, double effect, double standardError,
      Interval interval, OptionalDouble pValue, double chanceToWin, double degreesOfFreedom, OptionalDouble cupedTheta)
      implements StatsResult {

    /** Significant at the spec's level: the interval excludes zero. */
    public boolean significant() {
      return interval.excludesZero();
    }
  }

  /** Valid sums from which no effect can be estimated, and why. */
  record NotComputable(Reason reason, String message) implements StatsResult, EffectEstimator.Estimation {}

  /** Why an effect is not computable. */
  enum Reason {
    /** Fewer than two units in a variant: no variance estimate. */
    TOO_FEW_UNITS,
    /** A variant's metric does not vary (all users converted, or none did), so the standard error is zero. */
    ZERO_VARIANCE,
    /** A relative effect was asked for and the control's value is zero. */
    ZERO_CONTROL_MEAN,
    /** A ratio metric's denominator mean is zero in a variant. */
    ZERO_DENOMINATOR
  }
}
