package dev.tributary.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatsCommandTest {

  private static final String MEANS = """
      {"metric": "mean", "alpha": 0.05, "relative": true, "method": "fixed",
       "control": {"n": 3407, "sum": 1396.87, "sum_squares": 52377.9767},
       "treatment": {"n": 3461, "sum": 2422.7, "sum_squares": 134698.29}}
      """;

  private record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  private static Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = StatsCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldAnswerAMeanComparisonWithEffectIntervalAndPValue() throws Exception {
    Run r = run(MEANS);
    assertThat(r.code()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("effect").asDouble()).isCloseTo(0.70732, within(0.5e-5));
    assertThat(json.get("se").asDouble()).isCloseTo(0.37879, within(0.5e-5));
    assertThat(json.get("ci").get(0).asDouble()).isCloseTo(-0.03526, within(0.5e-5));
    assertThat(json.get("ci").get(1).asDouble()).isCloseTo(1.44989, within(0.5e-5));
    assertThat(json.get("p_value").asDouble()).isCloseTo(0.06191, within(0.5e-5));
    assertThat(json.get("chance_to_win").asDouble()).isBetween(0.5, 1.0);
    assertThat(json.get("control").get("mean").asDouble()).isCloseTo(1396.87 / 3407, within(1e-12));
  }

  @Test
  void shouldDefaultSumSquaresToSumForAProportionAndRunSequentially() throws Exception {
    Run r = run("""
        {"metric": "proportion", "method": "sequential", "sequential_tuning": 5000,
         "control": {"n": 3000, "sum": 1396}, "treatment": {"n": 3461, "sum": 2422}}
        """);
    assertThat(r.code()).isZero();
    assertThat(r.json().get("ci").get(0).asDouble()).isCloseTo(0.40098, within(0.5e-5));
    assertThat(r.json().get("ci").get(1).asDouble()).isCloseTo(0.60675, within(0.5e-5));
  }

  @Test
  void shouldGiveNoPValueButAChanceToWinForBayesian() throws Exception {
    Run r = run("""
        {"metric": "proportion", "method": "bayesian",
         "control": {"n": 100, "sum": 49}, "treatment": {"n": 100, "sum": 51}}
        """);
    assertThat(r.json().get("p_value").isNull()).isTrue();
    assertThat(r.json().get("chance_to_win").asDouble()).isCloseTo(0.60918, within(0.5e-5));
  }

  @Test
  void shouldReportCupedTheta() throws Exception {
    Run r = run("""
        {"metric": "mean",
         "control": {"n": 3001, "sum": 300, "sum_squares": 600, "pre_sum": 210, "pre_sum_squares": 415, "pre_sum_products": -20},
         "treatment": {"n": 3000, "sum": 222, "sum_squares": 555, "pre_sum": 120, "pre_sum_squares": 405, "pre_sum_products": -10}}
        """);
    assertThat(r.code()).isZero();
    assertThat(r.json().get("effect").asDouble()).isCloseTo(-0.281707154, within(0.5e-9));
    assertThat(r.json().has("cuped_theta")).isTrue();
  }

  @Test
  void shouldExitOneWithTheReasonWhenNothingVaries() throws Exception {
    Run r = run("""
        {"metric": "proportion", "control": {"n": 50, "sum": 50}, "treatment": {"n": 50, "sum": 20}}
        """);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("computable").asBoolean()).isFalse();
    assertThat(r.json().get("reason").asText()).isEqualTo("zero_variance");
    assertThat(r.err()).contains("zero_variance");
  }

  @Test
  void shouldRefuseBadJsonWithExitTwo() {
    Run r = run("{\"metric\": \"mean\", ");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tributary stats: input: is not valid JSON");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void shouldNameAnUnknownField() {
    Run r = run(MEANS.replace("\"sum_squares\": 52377.9767", "\"sum_sq\": 52377.9767"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tributary stats: control.sum_sq: is not a known field");
  }

  @Test
  void shouldNameTooFewUnits() {
    Run r = run(MEANS.replace("\"n\": 3461", "\"n\": 1"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tributary stats: treatment.n: must be at least 2");
  }

  @Test
  void shouldNameSumsThatImplyANegativeVariance() {
    Run r = run(MEANS.replace("\"sum_squares\": 134698.29", "\"sum_squares\": 1000"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tributary stats: treatment.sum_squares: is too small for its sum");
  }

  @Test
  void shouldNameAMissingRatioDenominator() {
    Run r = run(MEANS.replace("\"mean\"", "\"ratio\""));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tributary stats: control.denominator_sum: is required");
  }

  @Test
  void shouldNameAnUnknownMethod() {
    Run r = run(MEANS.replace("\"fixed\"", "\"peeking\""));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tributary stats: method: must be one of [bayesian, fixed, sequential]");
  }

  @Test
  void shouldCheckSrmAgainstDesignedWeights() throws Exception {
    Run r = run("{\"counts\": [310, 98], \"weights\": [0.75, 0.25]}", "srm");
    assertThat(r.code()).isZero();
    assertThat(r.json().get("p_value").asDouble()).isCloseTo(0.647434186, within(0.5e-9));
    assertThat(r.json().get("mismatch").asBoolean()).isFalse();
  }

  @Test
  void shouldRefuseFractionalSrmCounts() {
    Run r = run("{\"counts\": [310.5, 98], \"weights\": [0.75, 0.25]}", "srm");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tributary stats: counts[0]: must be a whole number");
  }

  @Test
  void shouldPlanASampleSize() throws Exception {
    Run r = run("{\"metric\": \"proportion\", \"baseline_mean\": 0.1, \"mde\": 0.1, \"power\": 0.8}", "sample-size");
    assertThat(r.code()).isZero();
    assertThat(r.json().get("per_variant").asLong()).isEqualTo(14_749);
  }

  @Test
  void shouldRefuseAnUnknownSimulateOption() {
    Run r = run("", "simulate", "--test", "10");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tributary stats: --test: is not a simulate option");
  }

  @Test
  void shouldPrintASmallSimulation() {
    Run r = run("", "simulate", "--tests", "10", "--users", "500", "--seed", "3");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("fixed-horizon, significant at any peek").contains("sequential at the horizon");
  }
}
