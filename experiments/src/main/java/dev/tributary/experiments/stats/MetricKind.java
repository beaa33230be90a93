package dev.tributary.experiments.stats;

/**
 * How a metric's per-unit values are distributed, which decides how variance is estimated from
 * the sums. Immutable.
 */
public enum MetricKind {
  /** Any numeric per-unit value; sample variance with n − 1. */
  MEAN,
  /** A 0/1 conversion per unit; variance p(1 − p), so Σy² must equal Σy. */
  PROPORTION,
  /** Σ numerator / Σ denominator (e.g. revenue per session), by the delta method. */
  RATIO
}
