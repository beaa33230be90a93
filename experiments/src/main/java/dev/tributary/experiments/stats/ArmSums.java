package dev.tributary.experiments.stats;

import java.util.Optional;

/**
 * The additive sums of one variant: what Streams keeps per variant and what ClickHouse loads.
 * Adding two {@code ArmSums} of disjoint units gives the sums of their union, so partitions and
 * days merge by {@link #plus}. Whether the sums are consistent (non-negative variance, a
 * proportion's count within n) depends on the metric and is checked by {@link StatsEngine}.
 * Immutable.
 *
 * @param n units (users) in the variant
 * @param sum Σy of the metric (numerator for a ratio metric)
 * @param sumSquares Σy²
 * @param ratio denominator sums, present for ratio metrics only (nullable)
 * @param covariate pre-exposure covariate sums for CUPED (nullable)
 */
public record ArmSums(long n, double sum, double sumSquares, RatioSums ratio, CovariateSums covariate) {

  /** Denominator sums of a ratio metric: Σd, Σd² and the cross product Σyd. Immutable. */
  public record RatioSums(double denominatorSum, double denominatorSumSquares, double sumProducts) {

    RatioSums plus(RatioSums other) {
      return new RatioSums(denominatorSum + other.denominatorSum,
          denominatorSumSquares + other.denominatorSumSquares, sumProducts + other.sumProducts);
    }
  }

  /** Pre-exposure covariate sums for CUPED: Σx, Σx² and the cross product Σxy. Immutable. */
  public record CovariateSums(double preSum, double preSumSquares, double preSumProducts) {

    CovariateSums plus(CovariateSums other) {
      return new CovariateSums(preSum + other.preSum, preSumSquares + other.preSumSquares,
          preSumProducts + other.preSumProducts);
    }
  }

  public ArmSums {
    if (n < 0) {
      throw new InvalidSumsException("n", "must not be negative, was " + n);
    }
    requireFinite("sum", sum);
    requireFinite("sum_squares", sumSquares);
    if (ratio != null) {
      requireFinite("denominator_sum", ratio.denominatorSum());
      requireFinite("denominator_sum_squares", ratio.denominatorSumSquares());
      requireFinite("sum_products", ratio.sumProducts());
    }
    if (covariate != null) {
      requireFinite("pre_sum", covariate.preSum());
      requireFinite("pre_sum_squares", covariate.preSumSquares());
      requireFinite("pre_sum_products", covariate.preSumProducts());
    }
  }

  /** Sums of a mean or proportion metric without a covariate. */
  public static ArmSums of(long n, double sum, double sumSquares) {
    return new ArmSums(n, sum, sumSquares, null, null);
  }

  /** Sums of a 0/1 metric: Σy² equals Σy. */
  public static ArmSums proportion(long n, long conversions) {
    return of(n, conversions, conversions);
  }

  public ArmSums withRatio(double denominatorSum, double denominatorSumSquares, double sumProducts) {
    return new ArmSums(n, sum, sumSquares, new RatioSums(denominatorSum, denominatorSumSquares, sumProducts), covariate);
  }

  public ArmSums withCovariate(double preSum, double preSumSquares, double preSumProducts) {
    return new ArmSums(n, sum, sumSquares, ratio, new CovariateSums(preSum, preSumSquares, preSumProducts));
  }

  public Optional<RatioSums> ratioSums() {
    return Optional.ofNullable(ratio);
  }

  public Optional<CovariateSums> covariateSums() {
    return Optional.ofNullable(covariate);
  }

  /** The sums of both sets of units; optional parts survive only when both sides carry them. */
  public ArmSums plus(ArmSums other) {
    RatioSums r = ratio != null && other.ratio != null ? ratio.plus(other.ratio) : null;
    CovariateSums c = covariate != null && other.covariate != null ? covariate.plus(other.covariate) : null;
    return new ArmSums(n + other.n, sum + other.sum, sumSquares + other.sumSquares, r, c);
  }

  private static void requireFinite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidSumsException(field, "must be a finite number, was " + value);
    }
  }
}
