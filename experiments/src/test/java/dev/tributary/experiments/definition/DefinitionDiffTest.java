package dev.tributary.experiments.definition;

import static dev.tributary.experiments.definition.TestExperiments.file;
import static dev.tributary.experiments.definition.TestExperiments.running;
import static dev.tributary.experiments.definition.TestExperiments.withCoverage;
import static dev.tributary.experiments.definition.TestExperiments.withPhase;
import static dev.tributary.experiments.definition.TestExperiments.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefinitionDiffTest {

  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
  private static final ExperimentDefinition LIVE = running("exp", "exp", 0.05, 0.5, 0.5);

  @Test
  void shouldRecordARampWithFromToAuthorAndTime() {
    List<DefinitionChange> changes = DefinitionDiff.between(file(LIVE), file(withCoverage(LIVE, 0.2)), T);
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.experimentKey()).isEqualTo("exp");
      assertThat(c.phase()).isEqualTo(1);
      assertThat(c.kind()).isEqualTo(ChangeKind.COVERAGE_CHANGED);
      assertThat(c.field()).isEqualTo("coverage");
      assertThat(c.from()).contains("0.05");
      assertThat(c.to()).contains("0.2");
      assertThat(c.changedBy()).isEqualTo("ana");
      assertThat(c.changedAt()).isEqualTo(T);
    });
  }

  @Test
  void shouldPreferTheFilesDeclaredTimeAndTheExperimentsOwnAuthor() {
    ExperimentDefinition ramped = withCoverage(LIVE, 0.1);
    ExperimentDefinition byBo = new ExperimentDefinition(ramped.key(), ramped.seed(), ramped.phase(),
        ramped.status(), ramped.variants(), ramped.coverage(), ramped.start(), ramped.stop(), ramped.hypothesis(),
        ramped.primaryMetric(), ramped.guardrailMetrics(), ramped.minimumDetectableEffect(), ramped.baseline(),
        Optional.of("bo"));
    Instant declared = Instant.parse("2026-11-30T11:11:00Z");
    Definitions next = new Definitions(Optional.of("ana"), Optional.of(declared), List.of(byBo));
    assertThat(DefinitionDiff.between(file(LIVE), next, T)).singleElement()
        .satisfies(c -> assertThat(c.changedBy()).isEqualTo("bo"))
        .satisfies(c -> assertThat(c.changedAt()).isEqualTo(declared));
  }

  @Test
  void shouldRecordCreationRemovalStatusAndNewPhase() {
    ExperimentDefinition other = running("other", "other", 1, 0.5, 0.5);
    ExperimentDefinition next = withPhase(withStatus(LIVE, Status.RUNNING), 2, "exp-2",
        List.of(new Variant("v0", 0.4), new Variant("v1", 0.6)));
    assertThat(DefinitionDiff.between(file(LIVE), file(next, running("new", "new", 0, 0.5, 0.5)), T))
        .extracting(DefinitionChange::experimentKey, DefinitionChange::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("exp", ChangeKind.PHASE_STARTED),
            org.assertj.core.groups.Tuple.tuple("exp", ChangeKind.SEED_CHANGED),
            org.assertj.core.groups.Tuple.tuple("exp", ChangeKind.WEIGHTS_CHANGED),
            org.assertj.core.groups.Tuple.tuple("new", ChangeKind.CREATED));
    assertThat(DefinitionDiff.between(file(LIVE, other), file(withStatus(LIVE, Status.STOPPED)), T))
        .extracting(DefinitionChange::experimentKey, DefinitionChange::kind, DefinitionChange::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("exp", ChangeKind.STATUS_CHANGED, Optional.of("stopped")),
            org.assertj.core.groups.Tuple.tuple("other", ChangeKind.REMOVED, Optional.empty()));
  }

  @Test
  void shouldRecordNothingWhenNothingChanged() {
    assertThat(DefinitionDiff.between(file(LIVE), file(LIVE), T)).isEmpty();
  }

  @Test
  void shouldGiveTheSameChangeTheSameIdAndADifferentChangeAnother() {
    String id = DefinitionDiff.between(file(LIVE), file(withCoverage(LIVE, 0.1)), T).get(0).id();
    assertThat(DefinitionDiff.between(file(LIVE), file(withCoverage(LIVE, 0.1)), T).get(0).id()).isEqualTo(id);
    assertThat(id).startsWith("exp:1:").hasSize("exp:1:".length() + 16);
    assertThat(DefinitionDiff.between(file(LIVE), file(withCoverage(LIVE, 0.2)), T).get(0).id()).isNotEqualTo(id);
    // the same ramp redone later is another change
    assertThat(DefinitionDiff.between(file(LIVE), file(withCoverage(LIVE, 0.1)), T.plusSeconds(60)).get(0).id())
        .isNotEqualTo(id);
  }

  @Test
  void shouldSnapshotEveryExperimentWithStableIds() {
    List<DefinitionChange> first = DefinitionDiff.snapshot(file(LIVE, running("b", "b", 1, 0.5, 0.5)), T);
    assertThat(first).extracting(DefinitionChange::kind).containsOnly(ChangeKind.SNAPSHOT);
    assertThat(first.get(0).to()).hasValueSatisfying(s -> assertThat(s).contains("coverage=0.05")
        .contains("variants=v0:0.5,v1:0.5").contains("status=running"));
    assertThat(DefinitionDiff.snapshot(file(LIVE, running("b", "b", 1, 0.5, 0.5)), T))
        .extracting(DefinitionChange::id).isEqualTo(first.stream().map(DefinitionChange::id).toList());
  }
}
