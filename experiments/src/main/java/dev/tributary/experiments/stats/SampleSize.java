package dev.tributary.experiments.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The units per variant a two-variant fixed-horizon test needs to detect a relative lift of at
 * least the minimum detectable effect (MDE) with the wanted power at level α (two-sided):
 * n = (z₁₋α/₂ + z_power)² · (σ²_control + σ²_treatment) / δ², with δ = MDE · |baseline mean|.
 * For a proportion the treatment's variance is p(1 + MDE)·(1 − p(1 + MDE)) (the classic
 * unpooled formula, e.g. Chow, Shao and Wang, "Sample Size Calculations in Clinical Research",
 * §4.2); for a mean both arms are taken to share the baseline variance. Stateless.
 */
public final class SampleSize {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private SampleSize() {}

  /**
   * The question.
   *
   * @param metric {@link MetricKind#MEAN} or {@link MetricKind#PROPORTION}
   * @param baselineMean the control's expected mean (a rate in (0, 1) for a proportion)
   * @param baselineVariance the per-unit variance of a mean metric; ignored for a proportion
   * @param minimumDetectableEffect the relative lift to detect, e.g. 0.05 for +5 %
   * @param alpha two-sided significance level
   * @param power probability of detecting an effect of exactly the MDE
   */
  public record Plan(MetricKind metric, double baselineMean, double baselineVariance, double minimumDetectableEffect,
      double alpha, double power) {

    public Plan {
      if (metric == MetricKind.RATIO) {
        throw new InvalidSumsException("metric", "sample size is planned for mean or proportion metrics");
      }
      if (!(alpha > 0 && alpha < 1)) {
        throw new InvalidSumsException("alpha", "must lie strictly between 0 and 1, was " + alpha);
      }
      if (!(power > 0 && power < 1)) {
        throw new InvalidSumsException("power", "must lie strictly between 0 and 1, was " + power);
      }
      if (!(minimumDetectableEffect != 0) || !Double.isFinite(minimumDetectableEffect)) {
        throw new InvalidSumsException("mde", "must be a non-zero finite relative lift, was " + minimumDetectableEffect);
      }
      if (!Double.isFinite(baselineMean) || baselineMean == 0) {
        throw new InvalidSumsException("baseline_mean", "must be a non-zero finite number, was " + baselineMean);
      }
      if (metric == MetricKind.PROPORTION) {
        double treated = baselineMean * (1 + minimumDetectableEffect);
        if (!(baselineMean > 0 && baselineMean < 1)) {
          throw new InvalidSumsException("baseline_mean", "a proportion's baseline must lie in (0, 1), was " + baselineMean);
        }
        if (!(treated > 0 && treated < 1)) {
          throw new InvalidSumsException("mde", "moves the rate to " + treated + ", outside (0, 1)");
        }
      } else if (!(baselineVariance > 0) || Double.isInfinite(baselineVariance)) {
        throw new InvalidSumsException("baseline_variance", "must be a positive finite number, was " + baselineVariance);
      }
    }
  }

  /**
   * @param perVariant units each variant needs (rounded up)
   * @param absoluteEffect δ, the MDE on the metric's own scale
   */
  public record Answer(long perVariant, double absoluteEffect) {}

  public static Answer perVariant(Plan plan) {
    double delta = plan.minimumDetectableEffect() * Math.abs(plan.baselineMean());
    double variances;
    if (plan.metric() == MetricKind.PROPORTION) {
      double p = plan.baselineMean();
      double q = p * (1 + plan.minimumDetectableEffect());
      variances = p * (1 - p) + q * (1 - q);
    } else {
      variances = 2 * plan.baselineVariance();
    }
    double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - plan.alpha() / 2)
        + STANDARD_NORMAL.inverseCumulativeProbability(plan.power());
    double n = z * z * variances / (delta * delta);
    return new Answer((long) Math.ceil(n - 1e-9), Math.abs(delta));
  }
}
