package dev.tributary.experiments.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DefinitionsParserAnyMetricsTest {

  private static final String FILE = """
      experiments:
        - key: checkout-button
          status: %s
          coverage: 0.05
          variants: [{id: control, weight: 0.5}, {id: green, weight: 0.5}]
          start: 2026-11-30T09:00:00Z
          hypothesis: a green button lifts checkouts
          primary_metric: a_metric_nobody_declared
          guardrail_metrics: [another_one]
      """;

  @Test
  void shouldAcceptMetricsItDoesNotKnow() {
    DefinitionsParser.Parsed parsed = DefinitionsParser.parseAnyMetrics(FILE.formatted("running"));

    assertThat(parsed).isInstanceOfSatisfying(DefinitionsParser.Valid.class, v ->
        assertThat(v.definitions().experiments().get(0).primaryMetric()).contains("a_metric_nobody_declared"));
  }

  @Test
  void shouldStillRefuseEveryOtherProblem() {
    DefinitionsParser.Parsed parsed = DefinitionsParser.parseAnyMetrics(FILE.formatted("paused"));

    assertThat(parsed).isInstanceOfSatisfying(DefinitionsParser.Invalid.class, i ->
        assertThat(i.errors()).extracting(DefinitionError::rule).containsExactly(DefinitionRule.TYPE));
  }
}
