package dev.tributary.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.experiments.assignment.Assigner;
import dev.tributary.experiments.assignment.Assignment;
import dev.tributary.experiments.definition.ChangeKind;
import dev.tributary.experiments.definition.DefinitionChange;
import dev.tributary.experiments.definition.DefinitionDiff;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.experiments.definition.DefinitionsUpdate;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.report.ExperimentReport;
import dev.tributary.experiments.report.ExperimentReporter;
import dev.tributary.experiments.report.ExposureRow;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.report.SumsRow;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.StatsResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DemoExperimentTest {

  private static final Path EXAMPLE = Path.of("..", "experiments", "definitions.example.yaml");
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  private static String example() throws Exception {
    return Files.readString(EXAMPLE);
  }

  private static Definitions parse(String yaml) {
    DefinitionsParser.Parsed parsed = DefinitionsParser.parseAnyMetrics(yaml);
    assertThat(parsed).isInstanceOf(DefinitionsParser.Valid.class);
    return ((DefinitionsParser.Valid) parsed).definitions();
  }

  @Test
  void shouldRampFiveTenTwentyHundredOneStepAtATime() {
    assertThat(DemoExperiment.coverageAt(Duration.ZERO)).isEqualTo(0.05);
    assertThat(DemoExperiment.coverageAt(DemoExperiment.STEP.minusMillis(1))).isEqualTo(0.05);
    assertThat(DemoExperiment.coverageAt(DemoExperiment.STEP)).isEqualTo(0.10);
    assertThat(DemoExperiment.coverageAt(DemoExperiment.STEP.multipliedBy(2))).isEqualTo(0.20);
    assertThat(DemoExperiment.coverageAt(DemoExperiment.STEP.multipliedBy(3))).isEqualTo(1.0);
    assertThat(DemoExperiment.coverageAt(Duration.ofHours(5))).isEqualTo(1.0);
    assertThat(DemoExperiment.STEP.multipliedBy(DemoExperiment.RAMP.size() - 1)).as("a few-minute demo reaches 100 %")
        .isLessThanOrEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void shouldServeTheExampleAtEachRampStepAsAValidFileWhoseEditsAreCoverageChangesByTheDemo() throws Exception {
    Definitions before = parse(DemoExperiment.definitions(example(), 0.05, T0));
    Definitions after = parse(DemoExperiment.definitions(example(), 0.10, T0.plus(DemoExperiment.STEP)));

    ExperimentDefinition e = after.experiments().get(0);
    assertThat(e.key()).isEqualTo(DemoExperiment.experimentKey(example()));
    assertThat(e.coverage()).isEqualTo(0.10);
    assertThat(e.baseline().orElseThrow().mean()).isEqualTo(DemoExperiment.CONTROL_RATE);
    assertThat(e.minimumDetectableEffect()).contains(DemoExperiment.RELATIVE_LIFT);
    List<DefinitionChange> changes = DefinitionDiff.between(before, after, T0);
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(ChangeKind.COVERAGE_CHANGED);
      assertThat(c.changedBy()).isEqualTo(DemoExperiment.AUTHOR);
      assertThat(c.changedAt()).isEqualTo(T0.plus(DemoExperiment.STEP));
    });
  }

  /** What the services do on each rewrite: judge the new file against the one in force, phase rules included. */
  @Test
  void shouldHaveEveryRampStepAcceptedAsTheServicesJudgeAReload() throws Exception {
    String first = DemoExperiment.definitions(example(), DemoExperiment.RAMP.get(0), T0);
    Definitions metricsOfTheFile = parse(first);
    java.util.Set<String> known = new java.util.HashSet<>();
    metricsOfTheFile.experiments().forEach(e -> {
      e.primaryMetric().ifPresent(known::add);
      known.addAll(e.guardrailMetrics());
    });
    Definitions current = metricsOfTheFile;
    for (int step = 1; step < DemoExperiment.RAMP.size(); step++) {
      Instant at = T0.plus(DemoExperiment.STEP.multipliedBy(step));
      DefinitionsUpdate.Outcome outcome = DefinitionsUpdate.apply(current, false,
          DemoExperiment.definitions(example(), DemoExperiment.RAMP.get(step), at), at, known);

      assertThat(outcome).isInstanceOf(DefinitionsUpdate.Accepted.class);
      DefinitionsUpdate.Accepted accepted = (DefinitionsUpdate.Accepted) outcome;
      assertThat(accepted.changes()).extracting(DefinitionChange::kind).containsExactly(ChangeKind.COVERAGE_CHANGED);
      current = accepted.definitions();
    }
    assertThat(current.experiments().get(0).coverage()).isEqualTo(1.0);
  }

  @Test
  void shouldSendAnExperimentViewedAndAPurchaseOnlyWhenTheVisitorConverts() {
    int converting = 0;
    for (int i = 0; i < 200; i++) {
      List<Map<String, Object>> events = DemoExperiment.visit("visitor-" + i, "checkout-button", "green-button", 1, T0,
          UUID.randomUUID());
      assertThat(events.get(0)).containsEntry("event", "Experiment Viewed").containsEntry("user_id", "visitor-" + i)
          .containsEntry("properties", Map.of("experiment_id", "checkout-button", "variation_id", "green-button"));
      assertThat(events).hasSizeBetween(1, 2);
      if (events.size() == 2) {
        converting++;
        assertThat(events.get(1)).containsEntry("event", DemoExperiment.CONVERSION_EVENT);
        assertThat(Instant.parse((String) events.get(1).get("timestamp")))
            .isAfter(Instant.parse((String) events.get(0).get("timestamp")));
      }
      assertThat(events.size() == 2).isEqualTo(DemoExperiment.converts("visitor-" + i, 1));
    }
    assertThat(converting).isBetween(10, 40);
  }

  /**
   * The demo's visitors at full coverage, assigned as the ingest service assigns them, reported as the warehouse
   * would sum them: the scripted lift must lie inside the report's intervals. Deterministic: the visitors, their
   * variants and their conversions are fixed by their ids.
   */
  @Test
  void shouldRecoverTheScriptedLiftWithinTheReportsIntervals() throws Exception {
    ExperimentDefinition e = parse(DemoExperiment.definitions(example(), 1.0, T0)).experiments().get(0);
    long[] units = new long[e.variants().size()];
    long[] conversions = new long[units.length];
    for (int i = 1; i <= 8_000; i++) {
      String visitor = "visitor-demo-" + i;
      Assignment a = Assigner.assign(e, visitor);
      assertThat(a.inExperiment()).isTrue();
      units[a.variationIndex()]++;
      if (DemoExperiment.converts(visitor, a.variationIndex())) {
        conversions[a.variationIndex()]++;
      }
    }
    List<SumsRow> sums = new ArrayList<>();
    List<ExposureRow> exposures = new ArrayList<>();
    String metric = e.primaryMetric().orElseThrow();
    for (int v = 0; v < units.length; v++) {
      String id = e.variants().get(v).id();
      sums.add(new SumsRow(e.key(), e.phase(), id, metric, MetricKind.PROPORTION, units[v], conversions[v],
          conversions[v], 0, 0, 0, 0, 0, 0));
      exposures.add(new ExposureRow(e.key(), e.phase(), id, units[v], 0, T0, T0));
    }

    ExperimentReport report = ExperimentReporter.report(e, new ObservedResults(sums, exposures));

    assertThat(report.srm().mismatch()).isFalse();
    ExperimentReport.Analysed a = (ExperimentReport.Analysed) report.metrics().get(0).comparisons().get(0).analysis();
    for (StatsResult r : List.of(a.relativeFixed(), a.relativeSequential())) {
      StatsResult.Computed c = (StatsResult.Computed) r;
      assertThat(c.interval().lower()).isLessThan(DemoExperiment.RELATIVE_LIFT);
      assertThat(c.interval().upper()).isGreaterThan(DemoExperiment.RELATIVE_LIFT);
    }
    assertThat(((StatsResult.Computed) a.absoluteSequential()).interval().lower())
        .isLessThan(DemoExperiment.rate(1) - DemoExperiment.rate(0));
  }
}
