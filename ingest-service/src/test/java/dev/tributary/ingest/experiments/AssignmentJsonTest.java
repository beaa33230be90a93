package dev.tributary.ingest.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.DefinitionsParser;
import org.junit.jupiter.api.Test;

class AssignmentJsonTest {

  @Test
  void shouldAnswerWhatAGrowthBookSdkAnswersForEveryRunningExperiment() {
    Definitions d = ((DefinitionsParser.Valid) DefinitionsParser.parse(Fixtures.file("1"), Fixtures.METRICS)).definitions();

    // hash("seed", "b") = 0.2696 (GrowthBook's published vector): in [0.2, 0.5), the second variant
    ObjectNode body = AssignmentJson.of(new AssignmentRequest.Identified("user_id", "b"), d);

    assertThat(body.get("success").booleanValue()).isTrue();
    assertThat(body.get("hash_attribute").textValue()).isEqualTo("user_id");
    assertThat(body.get("id").textValue()).isEqualTo("b");
    assertThat(body.get("experiments")).hasSize(1);
    JsonNode e = body.get("experiments").get(0);
    assertThat(e.get("key").textValue()).isEqualTo("gb-vector");
    assertThat(e.get("phase").intValue()).isEqualTo(1);
    assertThat(e.get("seed").textValue()).isEqualTo("seed");
    assertThat(e.get("hash_version").intValue()).isEqualTo(2);
    assertThat(e.get("in_experiment").booleanValue()).isTrue();
    assertThat(e.get("variation_index").intValue()).isEqualTo(1);
    assertThat(e.get("variation_id").textValue()).isEqualTo("blue");
    assertThat(e.get("hash_value").doubleValue()).isEqualTo(0.2696);
  }

  @Test
  void shouldSayNotInExperimentOutsideTheCoverage() {
    Definitions d = ((DefinitionsParser.Valid) DefinitionsParser.parse(Fixtures.file("0.2"), Fixtures.METRICS)).definitions();

    // hash("seed", "a") = 0.0505: past [0, 0.04), before [0.2, 0.26)
    JsonNode e = AssignmentJson.of(new AssignmentRequest.Identified("user_id", "a"), d).get("experiments").get(0);

    assertThat(e.get("in_experiment").booleanValue()).isFalse();
    assertThat(e.get("variation_index").intValue()).isZero();
    assertThat(e.get("hash_value").doubleValue()).isEqualTo(0.0505);
  }
}
