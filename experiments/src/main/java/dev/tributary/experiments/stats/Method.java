package dev.tributary.experiments.stats;

/** The inference applied to an effect estimate. Immutable. */
public enum Method {
  /** Welch t interval and p-value: valid once, at the planned horizon. */
  FIXED,
  /** Asymptotic confidence sequence: valid at every peek. */
  SEQUENTIAL,
  /** Normal posterior under a flat prior: credible interval and chance to win, no p-value. */
  BAYESIAN
}
