package dev.tributary.experiments.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules a new definitions file must follow against the one in force: within a phase, a running
 * experiment keeps its variants, weights and seed. Changing the weights mid-phase moves users between arms
 * and mixes populations exposed at different times (Simpson's paradox); changing the seed reshuffles
 * everyone. Either is a <em>new phase</em>: a higher phase number and a seed not used before, so the new
 * phase's users are hashed afresh and its results are analysed apart from the old phase's. Ramping coverage
 * is allowed: it only extends the bucket ranges, so no included user changes variant.
 *
 * <p>Thread-safe: stateless.
 */
public final class PhaseRules {

  private PhaseRules() {}

  /** Every rule the change from {@code current} to {@code next} breaks. */
  public static List<DefinitionError> check(Definitions current, Definitions next) {
    List<DefinitionError> errors = new ArrayList<>();
    Map<String, ExperimentDefinition> before = current.byKey();
    for (ExperimentDefinition e : next.experiments()) {
      ExperimentDefinition old = before.get(e.key());
      if (old == null || !old.running()) {
        continue;
      }
      if (e.phase() < old.phase()) {
        errors.add(DefinitionRules.error(e, "phase", DefinitionRule.RUNNING_PHASE_CHANGE,
            "went back from " + old.phase() + " to " + e.phase() + "; a phase number only grows"));
      } else if (e.phase() == old.phase()) {
        if (!e.variants().equals(old.variants())) {
          errors.add(DefinitionRules.error(e, "variants", DefinitionRule.RUNNING_PHASE_CHANGE,
              "a weight change on a running experiment is a new phase: give it a new phase number ("
                  + (old.phase() + 1) + ") and a new seed (not '" + old.seed() + "')"));
        }
        if (!e.seed().equals(old.seed())) {
          errors.add(DefinitionRules.error(e, "seed", DefinitionRule.RUNNING_PHASE_CHANGE,
              "a seed change on a running experiment reshuffles every user; it is a new phase: give it a new"
                  + " phase number (" + (old.phase() + 1) + ") too"));
        }
      } else if (e.seed().equals(old.seed())) {
        errors.add(DefinitionRules.error(e, "seed", DefinitionRule.RUNNING_PHASE_CHANGE,
            "phase " + e.phase() + " keeps the seed '" + old.seed() + "' of phase " + old.phase()
                + "; a new phase needs a new seed, or the same users land in the same arms again"));
      }
    }
    return errors;
  }
}
