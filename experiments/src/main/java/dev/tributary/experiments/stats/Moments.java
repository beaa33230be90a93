package dev.tributary.experiments.stats;

import java.util.Locale;

/**
 * Means, variances and covariances from sums, with the check that the sums could come from real
 * data. Proportions use population moments (so a 0/1 metric gets p(1 − p), as gbstats does);
 * everything else the unbiased sample moments. Stateless.
 */
final class Moments {

  /** Relative slack for rounding in Σy² − (Σy)²/n before a negative value counts as impossible. */
  private static final double TOLERANCE = 1e-9;

  private Moments() {}

  static double mean(long n, double sum) {
    return sum / n;
  }

  /** Variance of the per-unit values; throws when the sums imply a negative one. */
  static double variance(MetricKind kind, long n, double sum, double sumSquares, String field) {
    double centred = sumSquares - sum * sum / n;
    if (centred < -TOLERANCE * Math.max(Math.abs(sumSquares), sum * sum / n)) {
      throw new InvalidSumsException(field, "is too small for its sum: the sums imply a negative variance ("
          + String.format(Locale.ROOT, "%s − %s²/%d < 0", sumSquares, sum, n) + ")");
    }
    return Math.max(centred, 0) / divisor(kind, n);
  }

  /** Covariance of two per-unit values; throws when it implies a correlation beyond ±1. */
  static double covariance(MetricKind kind, long n, double sumA, double sumB, double sumProducts, double varianceA,
      double varianceB, String field) {
    double cov = (sumProducts - sumA * sumB / n) / divisor(kind, n);
    double bound = Math.sqrt(varianceA * varianceB);
    if (Math.abs(cov) > bound * (1 + 1e-6) + 1e-12 * Math.max(1, Math.abs(sumProducts) / n)) {
      throw new InvalidSumsException(field, "implies a correlation beyond ±1 (covariance " + cov
          + ", but the variances allow at most " + bound + ")");
    }
    return cov;
  }

  private static double divisor(MetricKind kind, long n) {
    return kind == MetricKind.PROPORTION ? n : n - 1;
  }
}
