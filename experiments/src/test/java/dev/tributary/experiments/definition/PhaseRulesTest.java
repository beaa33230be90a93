package dev.tributary.experiments.definition;

import static dev.tributary.experiments.definition.TestExperiments.file;
import static dev.tributary.experiments.definition.TestExperiments.running;
import static dev.tributary.experiments.definition.TestExperiments.withCoverage;
import static dev.tributary.experiments.definition.TestExperiments.withPhase;
import static dev.tributary.experiments.definition.TestExperiments.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseRulesTest {

  private static final ExperimentDefinition LIVE = running("exp", "exp", 0.05, 0.5, 0.5);
  private static final List<Variant> UNEVEN = List.of(new Variant("v0", 0.4), new Variant("v1", 0.6));

  @Test
  void shouldRefuseAWeightChangeOnARunningExperimentWithinItsPhase() {
    List<DefinitionError> errors = PhaseRules.check(file(LIVE), file(withPhase(LIVE, 1, "exp", UNEVEN)));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.experiment()).isEqualTo("exp");
      assertThat(e.field()).isEqualTo("variants");
      assertThat(e.rule()).isEqualTo(DefinitionRule.RUNNING_PHASE_CHANGE);
      assertThat(e.message()).contains("a weight change on a running experiment is a new phase")
          .contains("new phase number (2)").contains("new seed");
    });
  }

  @Test
  void shouldRefuseASeedChangeWithinAPhase() {
    assertThat(PhaseRules.check(file(LIVE), file(withPhase(LIVE, 1, "exp-b", LIVE.variants()))))
        .extracting(DefinitionError::field).containsExactly("seed");
  }

  @Test
  void shouldRefuseANewPhaseThatKeepsTheOldSeed() {
    assertThat(PhaseRules.check(file(LIVE), file(withPhase(LIVE, 2, "exp", UNEVEN))))
        .extracting(DefinitionError::field, DefinitionError::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("seed", DefinitionRule.RUNNING_PHASE_CHANGE));
  }

  @Test
  void shouldRefuseAPhaseGoingBack() {
    ExperimentDefinition second = withPhase(LIVE, 2, "exp-2", LIVE.variants());
    assertThat(PhaseRules.check(file(second), file(LIVE))).extracting(DefinitionError::field).containsExactly("phase");
  }

  @Test
  void shouldAllowAWeightChangeAsANewPhaseWithANewSeed() {
    assertThat(PhaseRules.check(file(LIVE), file(withPhase(LIVE, 2, "exp-2", UNEVEN)))).isEmpty();
  }

  @Test
  void shouldAllowRampingCoverageAndStopping() {
    assertThat(PhaseRules.check(file(LIVE), file(withCoverage(LIVE, 0.2)))).isEmpty();
    assertThat(PhaseRules.check(file(LIVE), file(withStatus(LIVE, Status.STOPPED)))).isEmpty();
  }

  @Test
  void shouldAllowAnyChangeBeforeTheExperimentRuns() {
    ExperimentDefinition draft = withStatus(LIVE, Status.DRAFT);
    assertThat(PhaseRules.check(file(draft), file(withPhase(LIVE, 1, "other", UNEVEN)))).isEmpty();
  }
}
