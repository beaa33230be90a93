package dev.tributary.experiments.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.Status;
import dev.tributary.experiments.definition.TestExperiments;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AssignerTest {

  static Stream<JsonNode> runVectors() {
    return StreamSupport.stream(GrowthBookCases.section("run").spliterator(), false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runVectors")
  void shouldAssignAsGrowthBooksSdkDoes(JsonNode c) {
    int variations = c.get("variations").asInt();
    double[] weights = new double[variations];
    for (int i = 0; i < variations; i++) {
      weights[i] = c.get("weights").isNull() ? 1.0 / variations : c.get("weights").get(i).asDouble();
    }
    ExperimentDefinition e = TestExperiments.running(c.get("key").asText(), c.get("seed").asText(),
        c.get("coverage").asDouble(), weights);

    Assignment a = Assigner.assign(e, c.get("id").asText());

    assertThat(a.variationIndex()).isEqualTo(c.get("variation").asInt());
    assertThat(a.inExperiment()).isEqualTo(c.get("inExperiment").asBoolean());
  }

  @Test
  void shouldPutUserInTheVariantWhoseRangeHoldsTheirHash() {
    // hash("seed", "a") = 0.0505 and hash("seed", "b") = 0.2696; ranges at 20% are [0,0.04) [0.2,0.26) [0.5,0.6)
    ExperimentDefinition e = TestExperiments.running("exp", "seed", 1.0, 0.2, 0.3, 0.5);
    assertThat(Assigner.assign(e, "a").variationIndex()).isEqualTo(0);
    assertThat(Assigner.assign(e, "b").variationIndex()).isEqualTo(1);
    assertThat(Assigner.assign(e, "b").variationId()).isEqualTo("v1");
    assertThat(Assigner.assign(e, "b").hashValue()).contains(0.2696);
  }

  @Test
  void shouldLeaveUserOutsideTheCoverageOutOfTheExperimentSeeingControl() {
    ExperimentDefinition e = TestExperiments.running("exp", "seed", 0.2, 0.2, 0.3, 0.5);
    Assignment a = Assigner.assign(e, "a"); // 0.0505 is past [0, 0.04)
    assertThat(a.inExperiment()).isFalse();
    assertThat(a.variationIndex()).isZero();
    assertThat(a.variationId()).isEqualTo("v0");
    assertThat(a.hashValue()).contains(0.0505);
  }

  @Test
  void shouldNeverIncludeAnEmptyId() {
    Assignment a = Assigner.assign(TestExperiments.running("exp", "seed", 1.0, 0.5, 0.5), "");
    assertThat(a.inExperiment()).isFalse();
    assertThat(a.hashValue()).isEmpty();
  }

  @Test
  void shouldAssignOnlyRunningExperiments() {
    ExperimentDefinition running = TestExperiments.running("on", "on", 1.0, 0.5, 0.5);
    ExperimentDefinition stopped = TestExperiments.withStatus(TestExperiments.running("off", "off", 1.0, 0.5, 0.5),
        Status.STOPPED);
    assertThat(Assigner.assignRunning(TestExperiments.file(stopped, running), "u1"))
        .extracting(Assignment::experimentKey).containsExactly("on");
  }
}
