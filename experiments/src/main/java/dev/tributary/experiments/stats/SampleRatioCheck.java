package dev.tributary.experiments.stats;

import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Sample-ratio mismatch: Pearson's chi-square of the observed units per variant against the
 * split the experiment was <em>designed</em> with (weights need not be even, nor sum to 1: they
 * are normalised). A mismatch means assignment or exposure logging is broken and no effect from
 * the test can be trusted. Matches GrowthBook's {@code checkSrm}: variants designed to get no
 * traffic (weight 0) are left out of the test and reported separately. Stateless.
 */
public final class SampleRatioCheck {

  /** GrowthBook's threshold: a p-value below it is flagged. */
  public static final double THRESHOLD = 0.001;

  private SampleRatioCheck() {}

  /**
   * The outcome.
   *
   * @param chiSquare Pearson's statistic over the weighted variants
   * @param degreesOfFreedom weighted variants − 1
   * @param pValue P(χ² ≥ statistic); 1 when fewer than two weighted variants or no units
   * @param unitsInUnweightedVariants units found in variants designed to get none
   * @param mismatch p-value below {@link #THRESHOLD}, or units where the design allows none
   */
  public record Result(double chiSquare, int degreesOfFreedom, double pValue, long unitsInUnweightedVariants,
      boolean mismatch) {}

  public static Result check(List<Long> counts, List<Double> weights) {
    if (counts.size() != weights.size()) {
      throw new InvalidSumsException("weights", "has " + weights.size() + " entries but counts has " + counts.size()
          + "; give one designed weight per variant");
    }
    if (counts.size() < 2) {
      throw new InvalidSumsException("counts", "needs at least two variants, had " + counts.size());
    }
    double totalWeight = 0;
    long total = 0;
    long unweighted = 0;
    int weighted = 0;
    for (int i = 0; i < counts.size(); i++) {
      long c = counts.get(i);
      double w = weights.get(i);
      if (c < 0) {
        throw new InvalidSumsException("counts[" + i + "]", "must not be negative, was " + c);
      }
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new InvalidSumsException("weights[" + i + "]", "must be a finite number ≥ 0, was " + w);
      }
      if (w == 0) {
        unweighted += c;
      } else {
        weighted++;
        totalWeight += w;
        total += c;
      }
    }
    if (weighted < 2 || total == 0) {
      return new Result(0, Math.max(weighted - 1, 0), 1, unweighted, unweighted > 0);
    }
    double chiSquare = 0;
    for (int i = 0; i < counts.size(); i++) {
      double w = weights.get(i);
      if (w > 0) {
        double expected = w / totalWeight * total;
        double d = counts.get(i) - expected;
        chiSquare += d * d / expected;
      }
    }
    int df = weighted - 1;
    double p = chiSquare == 0 ? 1 : 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(chiSquare);
    return new Result(chiSquare, df, p, unweighted, p < THRESHOLD || unweighted > 0);
  }
}
