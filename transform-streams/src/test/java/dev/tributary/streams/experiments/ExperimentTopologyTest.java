package dev.tributary.streams.experiments;

import static dev.tributary.streams.experiments.ExperimentsDriver.CONVERSION;
import static dev.tributary.streams.experiments.ExperimentsDriver.DEFINITIONS;
import static dev.tributary.streams.experiments.ExperimentsDriver.EXP;
import static dev.tributary.streams.experiments.ExperimentsDriver.ORDER_VALUE;
import static dev.tributary.streams.experiments.ExperimentsDriver.REVENUE;
import static dev.tributary.streams.experiments.ExperimentsDriver.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.ExperimentSums;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTopologyTest {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir
  Path stateDir;

  private ExperimentsDriver driver;

  @BeforeEach
  void start() {
    driver = new ExperimentsDriver(stateDir, DEFINITIONS);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void shouldAttributeAUnitToItsFirstExposureAndReportItsPurchasesAsOneDeltaPerCell() {
    driver.expose("u1", EXP, "control", T0);
    driver.purchase("u1", 10, T0.plus(Duration.ofHours(1)));
    driver.purchase("u1", 4, T0.plus(Duration.ofHours(2)));
    assertThat(driver.sums.isEmpty()).as("nothing per event, only per report").isTrue();

    driver.report();

    List<ExperimentSums> reports = driver.sums.readValuesToList();
    assertThat(reports).hasSize(4).allSatisfy(r -> assertThat(r.getVariationId()).isEqualTo("control"));
    Map<String, Totals> totals = Totals.of(reports);
    assertThat(totals.get(cell("control", ""))).isEqualTo(Totals.exposure(T0.toEpochMilli(), false));
    assertThat(totals.get(cell("control", CONVERSION))).isEqualTo(Totals.unit(1, 0));
    assertThat(totals.get(cell("control", REVENUE))).isEqualTo(Totals.unit(14, 0));
    assertThat(totals.get(cell("control", ORDER_VALUE))).isEqualTo(Totals.unit(14, 2));
    assertThat(reports).filteredOn(r -> r.getMetric().equals(ORDER_VALUE)).singleElement()
        .satisfies(r -> assertThat(r.getMetricKind()).isEqualTo("ratio"));
  }

  @Test
  void shouldKeepTheFirstExposureWhenTheSameVariationIsSeenAgain() {
    driver.expose("u1", EXP, "control", T0);
    driver.expose("u1", EXP, "control", T0.plus(Duration.ofDays(3)));
    // within 14 days of the second exposure, not of the first: the window runs from the first
    driver.purchase("u1", 10, T0.plus(WINDOW).plusSeconds(1));
    driver.report();

    Map<String, Totals> totals = Totals.of(driver.sums.readValuesToList());
    assertThat(totals.get(cell("control", ""))).isEqualTo(Totals.exposure(T0.toEpochMilli(), false));
    assertThat(totals.get(cell("control", CONVERSION))).isEqualTo(Totals.unit(0, 0));
  }

  @Test
  void shouldCountEventsFromTheExposureUpToButExcludingTheWindowEnd() {
    driver.expose("u1", EXP, "green", T0);
    driver.purchase("u1", 100, T0.minusMillis(1)); // read after the exposure but happened before it
    driver.purchase("u1", 1, T0);
    driver.purchase("u1", 2, T0.plus(WINDOW).minusMillis(1));
    driver.purchase("u1", 1000, T0.plus(WINDOW));
    driver.report();

    Map<String, Totals> totals = Totals.of(driver.sums.readValuesToList());
    assertThat(totals.get(cell("green", REVENUE))).isEqualTo(Totals.unit(3, 0));
    assertThat(totals.get(cell("green", ORDER_VALUE))).isEqualTo(Totals.unit(3, 2));
    assertThat(totals.get(cell("green", CONVERSION))).isEqualTo(Totals.unit(1, 0));
  }

  @Test
  void shouldExcludeAUnitExposedToTwoVariationsAndRemoveItsContributions() {
    driver.expose("u1", EXP, "control", T0);
    driver.purchase("u1", 10, T0.plusSeconds(60));
    driver.expose("u2", EXP, "control", T0.plusSeconds(5));
    driver.report(); // u1's purchase is already reported when it sees the other variation
    driver.expose("u1", EXP, "green", T0.plusSeconds(120));
    driver.purchase("u1", 50, T0.plusSeconds(180));
    driver.expose("u1", EXP, "control", T0.plusSeconds(240));
    driver.report();

    Map<String, Totals> totals = Totals.of(driver.sums.readValuesToList());
    assertThat(totals.get(cell("control", ""))).isEqualTo(new Totals(1, 1, 0, 0, 0, 0, 0, T0.toEpochMilli(),
        T0.plusSeconds(5).toEpochMilli()));
    assertThat(totals.get(cell("control", CONVERSION))).isEqualTo(Totals.unit(0, 0));
    assertThat(totals.get(cell("control", ORDER_VALUE))).isEqualTo(Totals.unit(0, 0));
    assertThat(totals.get(cell("control", REVENUE))).isEqualTo(Totals.unit(0, 0));
    assertThat(totals.keySet()).noneMatch(k -> k.contains("|green|"));
  }

  @Test
  void shouldDeadLetterAnExposureOfAnUnknownExperimentOrVariationAndAttributeNothing() {
    driver.expose("u1", "no-such-test", "control", T0);
    driver.expose("u1", EXP, "purple", T0.plusSeconds(1));
    driver.send("u1", "Experiment Viewed", "{\"experiment_id\":\"" + EXP + "\"}", T0.plusSeconds(2));
    driver.purchase("u1", 10, T0.plusSeconds(3));
    driver.report();

    List<DeadLetter> letters = driver.dlq.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getReason, DeadLetter::getField).containsExactly(
        org.assertj.core.groups.Tuple.tuple(DeadLetterReason.UNKNOWN_EXPERIMENT, "properties.experiment_id"),
        org.assertj.core.groups.Tuple.tuple(DeadLetterReason.UNKNOWN_EXPERIMENT, "properties.variation_id"),
        org.assertj.core.groups.Tuple.tuple(DeadLetterReason.MISSING_FIELD, "properties.variation_id"));
    assertThat(letters).allSatisfy(l -> {
      assertThat(l.getStage()).isEqualTo(Attributor.STAGE);
      assertThat(l.getRawPayload()).isNotNull();
    });
    assertThat(letters.get(1).getDetail()).contains("'purple'").contains("control, green");
    assertThat(driver.sums.isEmpty()).isTrue();
  }

  @Test
  void shouldStartAFreshAttributionInANewPhase() {
    driver.expose("u1", EXP, "control", T0);
    driver.definitions(DEFINITIONS.replace("phase: 1", "phase: 2\n    seed: checkout-button-2"));
    driver.expose("u1", EXP, "green", T0.plusSeconds(60));
    driver.purchase("u1", 10, T0.plusSeconds(120));
    driver.report();

    Map<String, Totals> totals = Totals.of(driver.sums.readValuesToList());
    assertThat(totals.get(Totals.key(EXP, 1, "control", ""))).isEqualTo(Totals.exposure(T0.toEpochMilli(), false));
    assertThat(totals.get(Totals.key(EXP, 1, "control", CONVERSION))).isEqualTo(Totals.unit(0, 0));
    assertThat(totals.get(Totals.key(EXP, 2, "green", CONVERSION))).isEqualTo(Totals.unit(1, 0));
  }

  @Test
  void shouldLeaveExposuresUnjudgedWithoutDefinitions() {
    driver.close();
    driver = new ExperimentsDriver(stateDir.resolve("off"), null);
    driver.expose("u1", "anything", "control", T0);
    driver.purchase("u1", 10, T0.plusSeconds(1));
    driver.report();

    assertThat(driver.dlq.isEmpty()).isTrue();
    assertThat(driver.sums.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepUnitsAndPendingDeltasAcrossARestartFromTheChangelogs() {
    driver.expose("u1", EXP, "control", T0);
    driver.purchase("u1", 10, T0.plusSeconds(60));
    driver.report();
    List<ExperimentSums> before = driver.sums.readValuesToList();
    driver.purchase("u1", 5, T0.plusSeconds(90)); // pending, not yet reported, when the task moves
    List<KeyValue<byte[], byte[]>> units = driver.changelog(ExperimentTopology.UNITS_STORE);
    List<KeyValue<byte[], byte[]>> pending = driver.changelog(ExperimentTopology.PENDING_STORE);
    driver.close();

    driver = new ExperimentsDriver(stateDir.resolve("restarted"), DEFINITIONS);
    driver.restore(ExperimentTopology.UNITS_STORE, units);
    driver.restore(ExperimentTopology.PENDING_STORE, pending);
    driver.expose("u1", EXP, "green", T0.plusSeconds(120)); // excludes u1: must take out 15, not 0
    driver.report();

    List<ExperimentSums> all = new java.util.ArrayList<>(before);
    all.addAll(driver.sums.readValuesToList());
    Map<String, Totals> totals = Totals.of(all);
    assertThat(totals.get(cell("control", ""))).isEqualTo(
        new Totals(0, 1, 0, 0, 0, 0, 0, T0.toEpochMilli(), T0.toEpochMilli()));
    assertThat(totals.get(cell("control", REVENUE))).isEqualTo(Totals.ZERO);
  }

  private static String cell(String variation, String metric) {
    return Totals.key(EXP, 1, variation, metric);
  }
}
