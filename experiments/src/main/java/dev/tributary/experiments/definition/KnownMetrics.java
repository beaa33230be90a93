package dev.tributary.experiments.definition;

import java.util.Set;

/**
 * The metric names an experiment may use, until the metrics catalogue (being built separately) supplies
 * them: this is the one place that lists them, and {@link DefinitionsParser#parse} takes the set as a
 * parameter so the catalogue can replace this list without touching the rules.
 */
public final class KnownMetrics {

  /** A stand-in for the metrics catalogue: the metrics of the demo experiments and the usual guardrails. */
  public static final Set<String> STAND_IN = Set.of(
      "checkout_completed", "order_value", "signup_completed", "revenue_per_user",
      "page_load_ms", "error_rate", "unsubscribe_rate", "session_length_s");

  private KnownMetrics() {}
}
