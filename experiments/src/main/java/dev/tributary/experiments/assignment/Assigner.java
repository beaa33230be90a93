package dev.tributary.experiments.assignment;

import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.ExperimentDefinition;
import java.util.List;
import java.util.Optional;

/**
 * Assigns a user to experiments exactly as a GrowthBook SDK running the same experiment (same seed, weights,
 * coverage, hash version 2) would: hash {@code seed + id} ({@link GrowthBookHash}), find the bucket range
 * holding it ({@link BucketRanges}); no range means not in the experiment. An empty id is never in an
 * experiment (GrowthBook's rule: no hash attribute, no assignment). Only running experiments assign.
 *
 * <p>Not covered (not in the definitions file): GrowthBook's targeting conditions, namespaces, forced
 * variations and sticky bucketing.
 *
 * <p>Thread-safe: stateless.
 */
public final class Assigner {

  private Assigner() {}

  /** The user's assignment in {@code experiment} (whatever its status: callers choose which to ask). */
  public static Assignment assign(ExperimentDefinition experiment, String id) {
    String control = experiment.variants().get(0).id();
    if (id == null || id.isEmpty()) {
      return new Assignment(experiment.key(), experiment.phase(), false, 0, control, Optional.empty());
    }
    double n = GrowthBookHash.v2(experiment.seed(), id);
    List<BucketRange> ranges = BucketRanges.of(experiment.variants().size(), experiment.coverage(),
        experiment.weights());
    int index = BucketRanges.choose(n, ranges);
    return index < 0
        ? new Assignment(experiment.key(), experiment.phase(), false, 0, control, Optional.of(n))
        : new Assignment(experiment.key(), experiment.phase(), true, index, experiment.variants().get(index).id(),
            Optional.of(n));
  }

  /** The user's assignment in every running experiment, in file order. */
  public static List<Assignment> assignRunning(Definitions definitions, String id) {
    return definitions.running().stream().map(e -> assign(e, id)).toList();
  }
}
