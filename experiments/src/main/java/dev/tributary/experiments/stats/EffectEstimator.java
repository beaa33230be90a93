package dev.tributary.experiments.stats;

import dev.tributary.experiments.stats.ArmSums.CovariateSums;
import dev.tributary.experiments.stats.ArmSums.RatioSums;
import java.util.OptionalDouble;

/**
 * From two variants' sums to an effect, its standard error and Welch degrees of freedom, before
 * any interval is drawn. Means and proportions directly; ratio metrics and relative effects by
 * the delta method; CUPED with θ pooled over both arms (gbstats' {@code compute_theta} and
 * {@code frequentist_variance_relative_cuped}). Stateless.
 */
final class EffectEstimator {

  /** An estimate, or why there is none. */
  sealed interface Estimation permits EffectMoments, StatsResult.NotComputable {}

  /**
   * The moments of an effect estimate.
   *
   * @param totalUnits units in both arms: the n of the confidence sequence
   */
  record EffectMoments(double effect, double standardError, double degreesOfFreedom, long totalUnits,
      double controlMean, double treatmentMean, OptionalDouble cupedTheta) implements Estimation {}

  /** One arm's estimator: its (adjusted) mean and the per-unit variance behind it. */
  private record Arm(long n, double mean, double unadjustedMean, double variance) {}

  private EffectEstimator() {}

  static Estimation estimate(MetricKind metric, Difference difference, ArmSums control, ArmSums treatment) {
    checkShape(metric, control, "control", control.covariate() != null || treatment.covariate() != null);
    checkShape(metric, treatment, "treatment", control.covariate() != null || treatment.covariate() != null);
    if (control.n() < 2 || treatment.n() < 2) {
      boolean inControl = control.n() < 2;
      return new StatsResult.NotComputable(StatsResult.Reason.TOO_FEW_UNITS, (inControl ? "control" : "treatment")
          + " has " + (inControl ? control : treatment).n() + " units; a variance needs at least 2");
    }
    if (metric == MetricKind.RATIO) {
      Arm a = ratioArm(control, "control");
      Arm b = ratioArm(treatment, "treatment");
      if (a == null || b == null) {
        return new StatsResult.NotComputable(StatsResult.Reason.ZERO_DENOMINATOR,
            (a == null ? "control" : "treatment") + "'s denominator sums to zero; the ratio is undefined");
      }
      return combine(difference, a, b, OptionalDouble.empty());
    }
    if (control.covariate() != null) {
      return cuped(metric, difference, control, treatment);
    }
    return combine(difference, plainArm(metric, control, "control"), plainArm(metric, treatment, "treatment"),
        OptionalDouble.empty());
  }

  private static void checkShape(MetricKind metric, ArmSums arm, String label, boolean anyCovariate) {
    if (metric == MetricKind.RATIO && arm.ratio() == null) {
      throw new InvalidSumsException(label + ".denominator_sum", "is required for a ratio metric");
    }
    if (metric != MetricKind.RATIO && arm.ratio() != null) {
      throw new InvalidSumsException(label + ".denominator_sum", "is only used by ratio metrics, this one is "
          + metric.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (metric == MetricKind.RATIO && arm.covariate() != null) {
      throw new InvalidSumsException(label + ".pre_sum", "CUPED is not supported for ratio metrics");
    }
    if (anyCovariate && arm.covariate() == null) {
      throw new InvalidSumsException(label + ".pre_sum", "is required when the other variant has pre-exposure sums");
    }
    if (metric == MetricKind.PROPORTION) {
      if (arm.sum() < 0 || arm.sum() > arm.n()) {
        throw new InvalidSumsException(label + ".sum", "a proportion's conversions must lie in [0, n = " + arm.n()
            + "], was " + arm.sum());
      }
      if (Math.abs(arm.sumSquares() - arm.sum()) > 1e-9 * Math.max(1, arm.sum())) {
        throw new InvalidSumsException(label + ".sum_squares", "must equal sum for a proportion (values are 0 or 1), was "
            + arm.sumSquares() + " against " + arm.sum());
      }
    }
  }

  private static Arm plainArm(MetricKind metric, ArmSums s, String label) {
    double variance = Moments.variance(metric, s.n(), s.sum(), s.sumSquares(), label + ".sum_squares");
    double mean = Moments.mean(s.n(), s.sum());
    return new Arm(s.n(), mean, mean, variance);
  }

  /** The delta-method variance of Σy/Σd per unit; null when the denominator's mean is zero. */
  private static Arm ratioArm(ArmSums s, String label) {
    RatioSums r = s.ratio();
    long n = s.n();
    double varM = Moments.variance(MetricKind.RATIO, n, s.sum(), s.sumSquares(), label + ".sum_squares");
    double varD = Moments.variance(MetricKind.RATIO, n, r.denominatorSum(), r.denominatorSumSquares(),
        label + ".denominator_sum_squares");
    double cov = Moments.covariance(MetricKind.RATIO, n, s.sum(), r.denominatorSum(), r.sumProducts(), varM, varD,
        label + ".sum_products");
    double meanM = s.sum() / n;
    double meanD = r.denominatorSum() / n;
    if (meanD == 0) {
      return null;
    }
    double variance = varM / (meanD * meanD) + varD * meanM * meanM / Math.pow(meanD, 4)
        - 2 * cov * meanM / Math.pow(meanD, 3);
    double ratio = s.sum() / r.denominatorSum();
    return new Arm(n, ratio, ratio, Math.max(variance, 0));
  }

  private static Estimation cuped(MetricKind metric, Difference difference, ArmSums control, ArmSums treatment) {
    CovariateSums ca = control.covariate();
    CovariateSums cb = treatment.covariate();
    long n = control.n() + treatment.n();
    // θ from both arms pooled: randomisation makes the covariate's distribution the same in each
    double jointVarY = Moments.variance(metric, n, control.sum() + treatment.sum(),
        control.sumSquares() + treatment.sumSquares(), "treatment.sum_squares");
    double jointVarX = Moments.variance(metric, n, ca.preSum() + cb.preSum(), ca.preSumSquares() + cb.preSumSquares(),
        "treatment.pre_sum_squares");
    double jointCov = Moments.covariance(metric, n, control.sum() + treatment.sum(), ca.preSum() + cb.preSum(),
        ca.preSumProducts() + cb.preSumProducts(), jointVarY, jointVarX, "treatment.pre_sum_products");
    Arm plainA = plainArm(metric, control, "control");
    Arm plainB = plainArm(metric, treatment, "treatment");
    CupedArm a = cupedArm(metric, control, plainA, "control");
    CupedArm b = cupedArm(metric, treatment, plainB, "treatment");
    if (jointVarX == 0 || jointVarY == 0 || jointCov == 0) {
      // no variation in a period: nothing to regress on, the unadjusted analysis is the answer
      return combine(difference, plainA, plainB, OptionalDouble.empty());
    }
    double theta = jointCov / jointVarX;
    Arm adjA = a.adjusted(theta);
    Arm adjB = b.adjusted(theta);
    if (difference == Difference.ABSOLUTE) {
      return combine(difference, adjA, adjB, OptionalDouble.of(theta));
    }
    Estimation guard = guard(difference, adjA, adjB);
    if (guard != null) {
      return guard;
    }
    double baseline = plainA.mean();
    double effect = (adjB.mean() - adjA.mean()) / Math.abs(baseline);
    double varTreatment = adjB.variance() / (treatment.n() * baseline * baseline);
    double ratio = plainB.mean() / baseline;
    double varControl = (a.varY() * ratio * ratio - 2 * theta * a.cov() * ratio + theta * theta * a.varX())
        / (control.n() * baseline * baseline);
    return moments(effect, varTreatment + varControl, adjA, adjB, theta);
  }

  private record CupedArm(Arm plain, double meanX, double varY, double varX, double cov) {
    Arm adjusted(double theta) {
      return new Arm(plain.n(), plain.mean() - theta * meanX, plain.mean(),
          Math.max(varY + theta * theta * varX - 2 * theta * cov, 0));
    }
  }

  private static CupedArm cupedArm(MetricKind metric, ArmSums s, Arm plain, String label) {
    CovariateSums c = s.covariate();
    double varX = Moments.variance(metric, s.n(), c.preSum(), c.preSumSquares(), label + ".pre_sum_squares");
    double cov = Moments.covariance(metric, s.n(), s.sum(), c.preSum(), c.preSumProducts(), plain.variance(), varX,
        label + ".pre_sum_products");
    return new CupedArm(plain, c.preSum() / s.n(), plain.variance(), varX, cov);
  }

  private static Estimation combine(Difference difference, Arm a, Arm b, OptionalDouble theta) {
    Estimation guard = guard(difference, a, b);
    if (guard != null) {
      return guard;
    }
    double varA = a.variance() / a.n();
    double varB = b.variance() / b.n();
    if (difference == Difference.ABSOLUTE) {
      return moments(b.mean() - a.mean(), varA + varB, a, b, theta);
    }
    double base = a.unadjustedMean();
    double effect = (b.mean() - a.mean()) / Math.abs(base);
    // delta method for (mean_b / mean_a): Var ≈ varB/μa² + varA·μb²/μa⁴ (arms independent)
    double variance = varB / (base * base) + varA * b.mean() * b.mean() / Math.pow(base, 4);
    return moments(effect, variance, a, b, theta);
  }

  private static Estimation moments(double effect, double variance, Arm a, Arm b, double theta) {
    return moments(effect, variance, a, b, OptionalDouble.of(theta));
  }

  private static Estimation moments(double effect, double variance, Arm a, Arm b, OptionalDouble theta) {
    if (!(variance > 0)) {
      return new StatsResult.NotComputable(StatsResult.Reason.ZERO_VARIANCE,
          "the effect's variance is zero; nothing varies between units");
    }
    return new EffectMoments(effect, Math.sqrt(variance), welchDf(a, b), a.n() + b.n(), a.unadjustedMean(),
        b.unadjustedMean(), theta);
  }

  private static Estimation guard(Difference difference, Arm a, Arm b) {
    if (a.variance() <= 0 || b.variance() <= 0) {
      String which = a.variance() <= 0 ? "control" : "treatment";
      return new StatsResult.NotComputable(StatsResult.Reason.ZERO_VARIANCE,
          which + "'s metric has zero variance (every unit has the same value)");
    }
    if (difference == Difference.RELATIVE && a.unadjustedMean() == 0) {
      return new StatsResult.NotComputable(StatsResult.Reason.ZERO_CONTROL_MEAN,
          "control's mean is zero, so a relative effect is undefined; ask for the absolute effect");
    }
    return null;
  }

  /** Welch–Satterthwaite degrees of freedom from the two arms' per-unit variances. */
  private static double welchDf(Arm a, Arm b) {
    double va = a.variance() / a.n();
    double vb = b.variance() / b.n();
    return (va + vb) * (va + vb)
        / (vb * vb / (b.n() - 1) + va * va / (a.n() - 1));
  }
}
