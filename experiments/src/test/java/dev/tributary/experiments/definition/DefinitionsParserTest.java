package dev.tributary.experiments.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefinitionsParserTest {

  private static final Set<String> METRICS = Set.of("checkout_completed", "page_load_ms");

  private static final String VALID = """
      changed_by: ana@example.com
      changed_at: 2026-11-30T10:00:00Z
      experiments:
        - key: checkout-button
          status: running
          coverage: 0.05
          variants: [{id: control, weight: 0.5}, {id: green, weight: 0.5}]
          start: 2026-11-30T09:00:00Z
          hypothesis: a green button lifts checkouts
          primary_metric: checkout_completed
          guardrail_metrics: [page_load_ms]
          minimum_detectable_effect: 0.05
          baseline: {mean: 0.12}
      """;

  @Test
  void shouldReadAValidFileWithSeedAndPhaseDefaults() {
    Definitions d = valid(VALID);
    assertThat(d.changedBy()).contains("ana@example.com");
    assertThat(d.changedAt()).contains(Instant.parse("2026-11-30T10:00:00Z"));
    ExperimentDefinition e = d.experiments().get(0);
    assertThat(e.key()).isEqualTo("checkout-button");
    assertThat(e.seed()).isEqualTo("checkout-button");
    assertThat(e.phase()).isEqualTo(1);
    assertThat(e.status()).isEqualTo(Status.RUNNING);
    assertThat(e.coverage()).isEqualTo(0.05);
    assertThat(e.variants()).containsExactly(new Variant("control", 0.5), new Variant("green", 0.5));
    assertThat(e.guardrailMetrics()).containsExactly("page_load_ms");
    assertThat(e.minimumDetectableEffect()).contains(0.05);
    assertThat(e.baseline()).contains(new Baseline(0.12, Optional.empty()));
  }

  @Test
  void shouldReadJsonToo() {
    Definitions d = valid("""
        {"experiments": [{"key": "k", "status": "draft", "coverage": 1,
          "variants": [{"id": "a", "weight": 0.5}, {"id": "b", "weight": 0.5}]}]}
        """);
    assertThat(d.experiments()).extracting(ExperimentDefinition::key).containsExactly("k");
  }

  @Test
  void shouldRejectWeightsThatDoNotSumToOne() {
    assertThat(errors(VALID.replace("{id: green, weight: 0.5}", "{id: green, weight: 0.6}")))
        .containsExactly(new Found("checkout-button", "variants[].weight", DefinitionRule.WEIGHTS_SUM));
  }

  @Test
  void shouldAcceptWeightsWithinTheFloatingPointTolerance() {
    String thirds = VALID.replace("[{id: control, weight: 0.5}, {id: green, weight: 0.5}]",
        "[{id: control, weight: 0.3333333333}, {id: green, weight: 0.3333333333}, {id: blue, weight: 0.3333333334}]");
    assertThat(valid(thirds).experiments().get(0).variants()).hasSize(3);
  }

  @Test
  void shouldRejectCoverageOutsideZeroToOne() {
    assertThat(errors(VALID.replace("coverage: 0.05", "coverage: 1.5")))
        .containsExactly(new Found("checkout-button", "coverage", DefinitionRule.COVERAGE_RANGE));
    assertThat(errors(VALID.replace("coverage: 0.05", "coverage: -0.1")))
        .containsExactly(new Found("checkout-button", "coverage", DefinitionRule.COVERAGE_RANGE));
  }

  @Test
  void shouldRejectUnknownMetricsNamingTheField() {
    assertThat(errors(VALID.replace("[page_load_ms]", "[page_load_ms, bounce]")
        .replace("primary_metric: checkout_completed", "primary_metric: checkouts")))
        .containsExactly(new Found("checkout-button", "primary_metric", DefinitionRule.UNKNOWN_METRIC),
            new Found("checkout-button", "guardrail_metrics[1]", DefinitionRule.UNKNOWN_METRIC));
  }

  @Test
  void shouldRejectDuplicateKeys() {
    String twice = VALID + VALID.substring(VALID.indexOf("  - key:"));
    assertThat(errors(twice)).containsExactly(new Found("checkout-button", "key", DefinitionRule.DUPLICATE_KEY));
  }

  @Test
  void shouldRejectFewerThanTwoVariants() {
    assertThat(errors(VALID.replace("[{id: control, weight: 0.5}, {id: green, weight: 0.5}]",
        "[{id: control, weight: 1}]"))).containsExactly(new Found("checkout-button", "variants", DefinitionRule.TOO_FEW_VARIANTS));
  }

  @Test
  void shouldRequireHypothesisMetricAndStartOnceRunningButNotInDraft() {
    String bare = """
        experiments:
          - key: k
            status: %s
            coverage: 0
            variants: [{id: a, weight: 0.5}, {id: b, weight: 0.5}]
        """;
    assertThat(errors(bare.formatted("running"))).containsExactly(
        new Found("k", "hypothesis", DefinitionRule.REQUIRED),
        new Found("k", "primary_metric", DefinitionRule.REQUIRED),
        new Found("k", "start", DefinitionRule.SCHEDULE));
    assertThat(valid(bare.formatted("draft")).experiments()).hasSize(1);
  }

  @Test
  void shouldReportEveryErrorAtOnceEachNamingExperimentFieldAndRule() {
    String broken = """
        experiments:
          - key: one
            status: running
            coverage: 2
            variants: [{id: a, weight: 0.7}, {id: b, weight: 0.7}]
            start: 2026-11-30T09:00:00Z
            stop: 2026-11-29T09:00:00Z
            hypothesis: h
            primary_metric: nope
            colour: blue
          - key: two
            status: paused
            coverage: "half"
            variants: [{id: a, weight: 1}]
            phase: 0
        """;
    List<DefinitionError> errors = ((DefinitionsParser.Invalid) DefinitionsParser.parse(broken, METRICS)).errors();
    assertThat(errors).extracting(e -> new Found(e.experiment(), e.field(), e.rule())).containsExactlyInAnyOrder(
        new Found("one", "colour", DefinitionRule.UNKNOWN_FIELD),
        new Found("one", "variants[].weight", DefinitionRule.WEIGHTS_SUM),
        new Found("one", "coverage", DefinitionRule.COVERAGE_RANGE),
        new Found("one", "primary_metric", DefinitionRule.UNKNOWN_METRIC),
        new Found("one", "stop", DefinitionRule.SCHEDULE),
        new Found("two", "status", DefinitionRule.TYPE),
        new Found("two", "coverage", DefinitionRule.TYPE),
        new Found("two", "phase", DefinitionRule.TYPE),
        new Found("two", "variants", DefinitionRule.TOO_FEW_VARIANTS));
    assertThat(errors.get(0).describe()).startsWith("experiment 'one', field '");
    assertThat(errors).allSatisfy(e -> assertThat(e.message()).isNotBlank());
  }

  @Test
  void shouldRefuseAFileThatIsNoYaml() {
    assertThat(errors("experiments: [ {key: a")).extracting(Found::rule).containsExactly(DefinitionRule.SYNTAX);
    assertThat(errors("- just a list")).containsExactly(new Found(DefinitionError.FILE, "(top level)", DefinitionRule.SYNTAX));
    assertThat(errors("changed_by: x")).containsExactly(new Found(DefinitionError.FILE, "experiments", DefinitionRule.REQUIRED));
  }

  @Test
  void shouldRejectAnInstantThatIsNotIso8601() {
    assertThat(errors(VALID.replace("start: 2026-11-30T09:00:00Z", "start: yesterday")))
        .contains(new Found("checkout-button", "start", DefinitionRule.TYPE));
  }

  record Found(String experiment, String field, DefinitionRule rule) {}

  private static Definitions valid(String text) {
    DefinitionsParser.Parsed parsed = DefinitionsParser.parse(text, METRICS);
    assertThat(parsed).isInstanceOf(DefinitionsParser.Valid.class);
    return ((DefinitionsParser.Valid) parsed).definitions();
  }

  private static List<Found> errors(String text) {
    DefinitionsParser.Parsed parsed = DefinitionsParser.parse(text, METRICS);
    assertThat(parsed).isInstanceOf(DefinitionsParser.Invalid.class);
    return ((DefinitionsParser.Invalid) parsed).errors().stream()
        .map(e -> new Found(e.experiment(), e.field(), e.rule())).toList();
  }
}
