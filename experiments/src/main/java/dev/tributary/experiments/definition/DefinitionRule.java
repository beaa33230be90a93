package dev.tributary.experiments.definition;

import java.util.Locale;

/**
 * The rules a definitions file must follow, each with a stable code for logs, metrics and tests.
 */
public enum DefinitionRule {
  /** The file is not YAML/JSON, or its top level is not an object with an {@code experiments} list. */
  SYNTAX,
  /** A required field is absent or empty. */
  REQUIRED,
  /** A field has the wrong type or an impossible value (a date that is no ISO-8601 instant, a phase below 1). */
  TYPE,
  /** A field the file format does not know (usually a typo). */
  UNKNOWN_FIELD,
  /** Two experiments share a key, or two variants of one experiment share an id. */
  DUPLICATE_KEY,
  /** Fewer than two variants: there is nothing to compare. */
  TOO_FEW_VARIANTS,
  /** The variant weights do not sum to 1 (within 1e-9), or one is negative. */
  WEIGHTS_SUM,
  /** Coverage outside [0, 1]. */
  COVERAGE_RANGE,
  /** A primary or guardrail metric that the metrics catalogue does not know. */
  UNKNOWN_METRIC,
  /** The stop is not after the start, or a started experiment has no start. */
  SCHEDULE,
  /** A running experiment changed its weights or seed within a phase, or a new phase kept the old seed. */
  RUNNING_PHASE_CHANGE;

  /** The code in logs and answers, e.g. {@code weights_sum}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
