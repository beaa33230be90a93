package dev.tributary.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.experiments.report.ExperimentResults;
import dev.tributary.experiments.report.ExposureRow;
import dev.tributary.experiments.report.InMemoryExperimentResults;
import dev.tributary.experiments.report.SumsRow;
import dev.tributary.experiments.stats.MetricKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {

  /** Not the example file, which follows the metrics catalogue: this test fixes its own metric names. */
  private static final String DEFINITIONS = """
      changed_by: ana@example.com
      experiments:
        - key: checkout-button
          status: running
          coverage: 0.5
          variants: [{id: control, weight: 0.5}, {id: green-button, weight: 0.5}]
          start: 2026-11-30T09:00:00Z
          hypothesis: A green checkout button makes more visitors complete checkout.
          primary_metric: checkout_completed
          guardrail_metrics: [page_load_ms]
          minimum_detectable_effect: 0.05
          baseline: {mean: 0.12}
      """;
  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir
  Path dir;

  private final InMemoryExperimentResults warehouse = new InMemoryExperimentResults()
      .add(new ExposureRow("checkout-button", 1, "control", 3000, 2, T, T.plusSeconds(60)))
      .add(new ExposureRow("checkout-button", 1, "green-button", 3010, 1, T, T.plusSeconds(60)))
      .add(conversions("control", 3000, 300))
      .add(conversions("green-button", 3010, 370));
  private final List<ReportArgs> asked = new ArrayList<>();

  private static SumsRow conversions(String variant, long n, long converted) {
    return new SumsRow("checkout-button", 1, variant, "checkout_completed", MetricKind.PROPORTION, n, converted,
        converted, 0, 0, 0, 0, 0, 0);
  }

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    return run(warehouse, args);
  }

  private Run run(ExperimentResults results, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path definitions = dir.resolve("served.yaml");
    try {
      Files.writeString(definitions, DEFINITIONS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int code = new ExperimentCommand(definitions, a -> {
      asked.add(a);
      return results;
    }).run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldPrintATableWithUnitsEffectsAndVerdicts() {
    Run r = run("report", "checkout-button");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("Experiment checkout-button, phase 1 (running)")
        .contains("Verdicts rest on the sequential CI").contains("green-button").contains("3010")
        .contains("Excluded (exposed to more than one variant): 3").contains("Sample ratio: no mismatch")
        .contains("Sample size: not reached: smallest variant has 3000 of 47034").contains("checkout_completed (primary, proportion)")
        .contains("page_load_ms (guardrail)").contains("verdict: ");
  }

  @Test
  void shouldPrintTheSameReportAsJson() throws Exception {
    Run r = run("report", "checkout-button", "--json");

    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("experiment").asText()).isEqualTo("checkout-button");
    assertThat(json.get("variants").get(1).get("units").asLong()).isEqualTo(3010);
    assertThat(json.get("excluded_units").asLong()).isEqualTo(3);
    assertThat(json.get("srm").get("mismatch").asBoolean()).isFalse();
    assertThat(json.get("sample_size").get("planned_per_variant").asLong()).isEqualTo(47_034);
    JsonNode comparison = json.get("metrics").get(0).get("comparisons").get(0);
    assertThat(comparison.get("relative").get("sequential").get("ci")).hasSize(2);
    assertThat(comparison.get("verdict").get("decided_by").asText()).isEqualTo("sequential");
  }

  @Test
  void shouldAskTheWarehouseOnTheGivenPortAndDatabase() {
    run("report", "checkout-button", "--clickhouse-http-port", "18123", "--database", "demo");

    assertThat(asked).singleElement().satisfies(a -> {
      assertThat(a.clickhouseHttpPort()).isEqualTo(18123);
      assertThat(a.database()).isEqualTo("demo");
    });
  }

  @Test
  void shouldRefuseAnUnknownKeyNamingTheKnownOnes() {
    Run r = run("report", "no-such-test");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no experiment 'no-such-test'").contains("it declares checkout-button").contains("usage:");
    assertThat(asked).isEmpty();
  }

  @Test
  void shouldRefuseBadArgumentsWithExitTwo() {
    assertThat(run("report").err()).contains("which experiment?");
    assertThat(run("report", "checkout-button", "--phase", "zero").err()).contains("--phase must be a whole number");
    assertThat(run("report", "checkout-button", "--phase", "2").err()).contains("there is no later phase");
    assertThat(run("report", "checkout-button", "--colour", "red").err()).contains("unknown option '--colour'");
    assertThat(run("report", "checkout-button", "--phase").err()).contains("--phase needs a value");
    assertThat(run("launch").err()).contains("unknown experiment command 'launch'");
    assertThat(run("report", "checkout-button", "--phase").code()).isEqualTo(2);
  }

  @Test
  void shouldRefuseAnInvalidDefinitionsFileWithItsProblems() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "experiments:\n  - key: x\n    status: paused\n");

    Run r = run("report", "x", "--definitions", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is invalid").contains("field 'status'");
  }

  @Test
  void shouldReadAFileWhoseMetricsThisBuildDoesNotKnow() throws Exception {
    Path file = dir.resolve("other-metrics.yaml");
    Files.writeString(file, DEFINITIONS.replaceAll("primary_metric: \\S+", "primary_metric: made_up_rate"));

    Run r = run("report", "checkout-button", "--definitions", file.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("made_up_rate (primary)").contains("no data yet");
  }

  @Test
  void shouldExitOneWhenTheWarehouseCannotBeRead() {
    Run r = run((key, phase) -> {
      throw new IllegalStateException("Connection refused");
    }, "report", "checkout-button");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot read the results of 'checkout-button'").contains("Connection refused");
  }
}
