package dev.tributary.experiments.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules a set of definitions must follow on its own: unique experiment keys and variant ids, at least two
 * variants, non-negative weights summing to 1 (within {@link #WEIGHT_TOLERANCE}), coverage in [0, 1], metrics
 * the catalogue knows, a stop after the start, and an MDE and baseline that admit a sample size plan
 * ({@link PlannedSampleSize}). Rules against the definitions in force are
 * {@link PhaseRules}'.
 *
 * <p>Thread-safe: stateless.
 */
public final class DefinitionRules {

  /** How far from 1 the weights may sum (floating-point slack, not a licence for 0.99). */
  public static final double WEIGHT_TOLERANCE = 1e-9;

  private DefinitionRules() {}

  /** Every rule {@code definitions} breaks, in file order. */
  public static List<DefinitionError> check(Definitions definitions, Set<String> knownMetrics) {
    List<DefinitionError> errors = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (ExperimentDefinition e : definitions.experiments()) {
      if (!keys.add(e.key())) {
        errors.add(error(e, "key", DefinitionRule.DUPLICATE_KEY,
            "another experiment has this key; keys must be unique (a restart is a new phase, not a new entry)"));
      }
      variants(e, errors);
      if (!(e.coverage() >= 0 && e.coverage() <= 1)) {
        errors.add(error(e, "coverage", DefinitionRule.COVERAGE_RANGE,
            "is " + e.coverage() + "; coverage is a share of users and must lie in [0, 1]"));
      }
      e.primaryMetric().filter(m -> !knownMetrics.contains(m)).ifPresent(m -> errors.add(
          error(e, "primary_metric", DefinitionRule.UNKNOWN_METRIC, unknown(m, knownMetrics))));
      for (int i = 0; i < e.guardrailMetrics().size(); i++) {
        String m = e.guardrailMetrics().get(i);
        if (!knownMetrics.contains(m)) {
          errors.add(error(e, "guardrail_metrics[" + i + "]", DefinitionRule.UNKNOWN_METRIC, unknown(m, knownMetrics)));
        }
      }
      schedule(e, errors);
      PlannedSampleSize.problem(e).ifPresent(errors::add);
    }
    return errors;
  }

  private static void variants(ExperimentDefinition e, List<DefinitionError> errors) {
    if (e.variants().size() < 2) {
      errors.add(error(e, "variants", DefinitionRule.TOO_FEW_VARIANTS,
          "has " + e.variants().size() + "; an experiment needs at least 2 variants (control and a treatment)"));
    }
    Set<String> ids = new HashSet<>();
    double sum = 0;
    for (int i = 0; i < e.variants().size(); i++) {
      Variant v = e.variants().get(i);
      if (!ids.add(v.id())) {
        errors.add(error(e, "variants[" + i + "].id", DefinitionRule.DUPLICATE_KEY,
            "'" + v.id() + "' is used by another variant; variant ids must be unique"));
      }
      if (!(v.weight() >= 0)) {
        errors.add(error(e, "variants[" + i + "].weight", DefinitionRule.WEIGHTS_SUM,
            "is " + v.weight() + "; a weight must be 0 or more"));
      }
      sum += v.weight();
    }
    if (!e.variants().isEmpty() && !(Math.abs(sum - 1) <= WEIGHT_TOLERANCE)) {
      errors.add(error(e, "variants[].weight", DefinitionRule.WEIGHTS_SUM, String.format(Locale.ROOT,
          "the weights sum to %s; they must sum to 1 (within %s)", sum, WEIGHT_TOLERANCE)));
    }
  }

  private static void schedule(ExperimentDefinition e, List<DefinitionError> errors) {
    if (e.status() != Status.DRAFT && e.start().isEmpty()) {
      errors.add(error(e, "start", DefinitionRule.SCHEDULE,
          "required once the experiment is " + e.status().code() + ": when it started"));
    }
    if (e.status() == Status.STOPPED && e.stop().isEmpty()) {
      errors.add(error(e, "stop", DefinitionRule.SCHEDULE, "required once the experiment is stopped: when it stopped"));
    }
    if (e.start().isPresent() && e.stop().isPresent() && !e.stop().get().isAfter(e.start().get())) {
      errors.add(error(e, "stop", DefinitionRule.SCHEDULE, "must be after the start (" + e.start().get() + ")"));
    }
  }

  private static String unknown(String metric, Set<String> known) {
    return "'" + metric + "' is not in the metrics catalogue; known metrics: " + known.stream().sorted().toList();
  }

  static DefinitionError error(ExperimentDefinition e, String field, DefinitionRule rule, String message) {
    return new DefinitionError(e.key(), field, rule, message);
  }
}
