package dev.tributary.experiments.definition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One experiment as the definitions file declares it, after validation ({@link DefinitionsParser}).
 *
 * <p>{@code seed} feeds the hash (it defaults to the key); {@code phase} counts restarts of the experiment
 * with a new seed and new weights (see {@link PhaseRules}); {@code coverage} is the ramp, the share of all
 * users that take part. {@code minimumDetectableEffect} is relative (0.05 = a 5% lift) and, with the
 * {@link Baseline}, implies the planned sample size. {@code changedBy} names who made the last edit, when it
 * differs from the file's {@link Definitions#changedBy()}.
 *
 * <p>Immutable.
 */
public record ExperimentDefinition(String key, String seed, int phase, Status status, List<Variant> variants,
    double coverage, Optional<Instant> start, Optional<Instant> stop, Optional<String> hypothesis,
    Optional<String> primaryMetric, List<String> guardrailMetrics, Optional<Double> minimumDetectableEffect,
    Optional<Baseline> baseline, Optional<String> changedBy) {

  public ExperimentDefinition {
    variants = List.copyOf(variants);
    guardrailMetrics = List.copyOf(guardrailMetrics);
  }

  /** The variants' weights, in variant order. */
  public List<Double> weights() {
    return variants.stream().map(Variant::weight).toList();
  }

  /** True when this experiment assigns users. */
  public boolean running() {
    return status == Status.RUNNING;
  }
}
