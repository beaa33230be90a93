package dev.tributary.experiments.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefinitionsUpdateTest {

  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
  private static final Set<String> METRICS = Set.of("checkout_completed");
  private static final String FILE = """
      changed_by: ana
      experiments:
        - key: exp
          seed: %s
          phase: %d
          status: running
          coverage: %s
          variants: [{id: control, weight: %s}, {id: green, weight: %s}]
          start: 2026-11-30T09:00:00Z
          hypothesis: h
          primary_metric: %s
      """;

  private static String file(String seed, int phase, String coverage, String w0, String w1, String metric) {
    return FILE.formatted(seed, phase, coverage, w0, w1, metric);
  }

  private static Definitions accepted(DefinitionsUpdate.Outcome outcome) {
    assertThat(outcome).isInstanceOf(DefinitionsUpdate.Accepted.class);
    return ((DefinitionsUpdate.Accepted) outcome).definitions();
  }

  /** The definitions in force after a first load of the file at 5% coverage. */
  private static Definitions loaded() {
    return accepted(DefinitionsUpdate.apply(Definitions.EMPTY, true,
        file("exp", 1, "0.05", "0.5", "0.5", "checkout_completed"), T, METRICS));
  }

  @Test
  void shouldSnapshotOnTheFirstLoad() {
    DefinitionsUpdate.Outcome outcome = DefinitionsUpdate.apply(Definitions.EMPTY, true,
        file("exp", 1, "0.05", "0.5", "0.5", "checkout_completed"), T, METRICS);
    assertThat(((DefinitionsUpdate.Accepted) outcome).changes()).extracting(DefinitionChange::kind)
        .containsExactly(ChangeKind.SNAPSHOT);
  }

  @Test
  void shouldAcceptARampAndLogIt() {
    Definitions current = loaded();
    DefinitionsUpdate.Outcome outcome = DefinitionsUpdate.apply(current, false,
        file("exp", 1, "0.1", "0.5", "0.5", "checkout_completed"), T, METRICS);
    assertThat(((DefinitionsUpdate.Accepted) outcome).changes()).extracting(DefinitionChange::kind)
        .containsExactly(ChangeKind.COVERAGE_CHANGED);
  }

  @Test
  void shouldReportFileErrorsAndPhaseErrorsTogether() {
    Definitions current = loaded();
    DefinitionsUpdate.Outcome outcome = DefinitionsUpdate.apply(current, false,
        file("exp", 1, "0.05", "0.4", "0.6", "unknown_metric"), T, METRICS);
    assertThat(outcome).isInstanceOf(DefinitionsUpdate.Refused.class);
    assertThat(((DefinitionsUpdate.Refused) outcome).errors()).extracting(DefinitionError::rule)
        .containsExactlyInAnyOrder(DefinitionRule.UNKNOWN_METRIC, DefinitionRule.RUNNING_PHASE_CHANGE);
  }

  @Test
  void shouldAcceptANewPhaseWithNewSeedAndWeights() {
    Definitions current = loaded();
    Definitions next = accepted(DefinitionsUpdate.apply(current, false,
        file("exp-2", 2, "0.05", "0.4", "0.6", "checkout_completed"), T, METRICS));
    assertThat(next.experiments().get(0).phase()).isEqualTo(2);
  }
}
