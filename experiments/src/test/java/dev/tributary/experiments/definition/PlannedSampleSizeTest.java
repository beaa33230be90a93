package dev.tributary.experiments.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannedSampleSizeTest {

  private static ExperimentDefinition planned(Double mde, Baseline baseline) {
    ExperimentDefinition e = TestExperiments.running("exp", "exp", 0.05, 0.5, 0.5);
    return new ExperimentDefinition(e.key(), e.seed(), e.phase(), e.status(), e.variants(), e.coverage(), e.start(),
        e.stop(), e.hypothesis(), e.primaryMetric(), e.guardrailMetrics(), Optional.ofNullable(mde),
        Optional.ofNullable(baseline), e.changedBy());
  }

  @Test
  void shouldPlanAConversionRateAsTheStatisticsEngineDoes() {
    // the classic case of SampleSizeTest: 10 % -> 11 %, alpha 0.05, power 0.8: 14,749 per variant
    assertThat(PlannedSampleSize.of(planned(0.10, new Baseline(0.10, Optional.empty()))))
        .hasValueSatisfying(a -> assertThat(a.perVariant()).isEqualTo(14_749));
  }

  @Test
  void shouldPlanAMeanFromItsStandardDeviation() {
    // 2 · 2² · (1.959964 + 0.841621)² / 0.5² = 251.16 -> 252 (SampleSizeTest's mean case)
    assertThat(PlannedSampleSize.of(planned(0.05, new Baseline(10, Optional.of(2.0)))))
        .hasValueSatisfying(a -> assertThat(a.perVariant()).isEqualTo(252));
  }

  @Test
  void shouldPlanNothingWithoutMdeOrBaseline() {
    assertThat(PlannedSampleSize.of(planned(null, new Baseline(0.1, Optional.empty())))).isEmpty();
    assertThat(PlannedSampleSize.of(planned(0.05, null))).isEmpty();
  }

  @Test
  void shouldRefuseADefinitionWhoseMdeAndBaselineAdmitNoPlan() {
    Definitions d = new Definitions(Optional.empty(), Optional.empty(),
        List.of(planned(0.05, new Baseline(1.5, Optional.empty()))));
    assertThat(DefinitionRules.check(d, Set.of("checkout_completed"))).singleElement().satisfies(err -> {
      assertThat(err.field()).isEqualTo("baseline.mean");
      assertThat(err.rule()).isEqualTo(DefinitionRule.TYPE);
      assertThat(err.message()).contains("(0, 1)");
    });
  }
}
