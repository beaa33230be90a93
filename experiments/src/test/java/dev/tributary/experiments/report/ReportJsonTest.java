package dev.tributary.experiments.report;

import static dev.tributary.experiments.report.ReportFixtures.experiment;
import static dev.tributary.experiments.report.ReportFixtures.exposed;
import static dev.tributary.experiments.report.ReportFixtures.proportion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.experiments.definition.Status;
import dev.tributary.experiments.stats.StatsResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  @Test
  void shouldCarryTheEnginesNumbersAndVerdictsUnchanged() throws Exception {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"),
        new ObservedResults(List.of(proportion("control", "checkout_completed", 1000, 100),
            proportion("test", "checkout_completed", 1000, 135)),
            List.of(exposed("control", 1000, 1), exposed("test", 1000, 2))));

    JsonNode json = new ObjectMapper().readTree(ReportJson.render(report));

    ExperimentReport.Comparison c = report.metrics().get(0).comparisons().get(0);
    StatsResult.Computed sequential = (StatsResult.Computed) ((ExperimentReport.Analysed) c.analysis()).relativeSequential();
    JsonNode comparison = json.at("/metrics/0/comparisons/0");
    assertThat(comparison.at("/relative/sequential/ci/0").asDouble()).isEqualTo(sequential.interval().lower());
    assertThat(comparison.at("/relative/sequential/ci/1").asDouble()).isEqualTo(sequential.interval().upper());
    assertThat(comparison.at("/relative/sequential/p_value").asDouble()).isEqualTo(sequential.pValue().getAsDouble());
    assertThat(comparison.at("/verdict/decision").asText()).isEqualTo("inconclusive_so_far");
    assertThat(comparison.at("/verdict/words").asText()).isEqualTo(c.verdict().words());
    assertThat(json.at("/excluded_units").asLong()).isEqualTo(3);
    assertThat(json.at("/deciding_interval/method").asText()).isEqualTo("sequential");
    assertThat(json.at("/sample_size/planned_per_variant").isNull()).isTrue();
  }

  @Test
  void shouldWriteNullForAValueWithoutUnitsAndTheReasonForAnEffectNotComputable() throws Exception {
    ExperimentReport report = ExperimentReporter.report(experiment(Status.RUNNING, 0.5, "checkout_completed"),
        new ObservedResults(List.of(proportion("control", "checkout_completed", 40, 4)), List.of()));

    JsonNode json = new ObjectMapper().readTree(ReportJson.render(report));

    assertThat(json.at("/metrics/0/values/1/value").isNull()).isTrue();
    assertThat(json.at("/metrics/0/comparisons/0/relative/fixed/computable").asBoolean()).isFalse();
    assertThat(json.at("/metrics/0/comparisons/0/relative/fixed/reason").asText()).isEqualTo("too_few_units");
    assertThat(json.at("/metrics/0/comparisons/0/chance_to_win").isNull()).isTrue();
    assertThat(json.at("/metrics/1").isMissingNode()).isTrue();
  }
}
