package dev.tributary.experiments.stats;

/**
 * The asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas, "Time-uniform
 * central limit theory and asymptotic confidence sequences" (Annals of Statistics, 2024; arXiv
 * 2103.06476v7, eq. 9 for the half-width, eq. 155 for the p-value, eq. 161 for ρ), as gbstats
 * implements it. Its coverage holds simultaneously at every n, so it may be looked at after every
 * unit. The tuning parameter N* is the total sample size at which the boundary is tightest.
 * Stateless.
 */
final class ConfidenceSequence {

  private ConfidenceSequence() {}

  /** ρ from α and N* (eq. 161, two-sided). */
  static double rho(double alpha, double tuning) {
    double logTerm = -2 * Math.log(alpha);
    return Math.sqrt((logTerm + Math.log(logTerm + 1)) / tuning);
  }

  /**
   * Half-width for an estimate whose standard error is {@code se} after {@code n} units in total:
   * the per-unit variance is se²·n (eq. 9).
   */
  static double halfWidth(double se, long n, double alpha, double tuning) {
    double rho = rho(alpha, tuning);
    double nRho2 = n * rho * rho;
    double s2 = se * se * n;
    double nTimesRho = n * rho;
    return Math.sqrt(s2) * Math.sqrt(2 * (nRho2 + 1) * Math.log(Math.sqrt(nRho2 + 1) / alpha) / (nTimesRho * nTimesRho));
  }

  /** The anytime-valid p-value: 1 / e-value, capped at 1 (eq. 155). */
  static double pValue(double effect, double se, long n, double alpha, double tuning) {
    double rho = rho(alpha, tuning);
    double st2 = effect * effect * n / (se * se);
    double tr2p1 = n * rho * rho + 1;
    double logE = rho * rho * st2 / (2 * tr2p1) - 0.5 * Math.log(tr2p1);
    return Math.min(Math.exp(-logE), 1);
  }
}
