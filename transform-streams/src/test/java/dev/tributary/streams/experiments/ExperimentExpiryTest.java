package dev.tributary.streams.experiments;

import static dev.tributary.streams.experiments.ExperimentsDriver.DEFINITIONS;
import static dev.tributary.streams.experiments.ExperimentsDriver.EXP;
import static dev.tributary.streams.experiments.ExperimentsDriver.REVENUE;
import static dev.tributary.streams.experiments.ExperimentsDriver.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit states' expiry ({@link Expiry}) with explicit event times: stream time decides, the scan (every
 * {@link #SCAN} of wall-clock time) only deletes what the rules already ignore.
 */
class ExperimentExpiryTest {

  private static final Instant T0 = Instant.parse("2024-05-10T12:00:00Z");
  private static final Instant STOP = T0.plus(Duration.ofDays(3));
  private static final Duration LOOKBACK = Duration.ofDays(7);
  private static final Duration GRACE = Duration.ofDays(1);
  private static final Duration SCAN = Duration.ofMinutes(10);
  private static final String STOPPED = DEFINITIONS.replace("status: running", "status: stopped\n    stop: " + STOP);

  @TempDir
  Path stateDir;

  private ExperimentsDriver driver;

  @BeforeEach
  void start() {
    driver = new ExperimentsDriver(stateDir, DEFINITIONS, LOOKBACK, GRACE, 64, SCAN);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void shouldDeleteAUnitOnceItsWindowAndGraceHavePassedAndItsExperimentStopped() {
    driver.expose("u1", EXP, "control", T0);
    driver.purchase("u1", 10, T0.plusSeconds(60));
    driver.definitions(STOPPED);
    advanceStreamTime(T0.plus(WINDOW).plus(GRACE).minusMillis(1));
    driver.advanceWallClock(SCAN);
    assertThat(driver.unit("u1")).as("open until window + grace have passed").isNotNull();

    advanceStreamTime(T0.plus(WINDOW).plus(GRACE));
    driver.advanceWallClock(SCAN);

    assertThat(driver.unit("u1")).isNull();
  }

  @Test
  void shouldKeepAClosedAttributionWhileItsExperimentRunsSoThatTheUnitCannotEnterTwice() {
    driver.expose("u1", EXP, "control", T0);
    advanceStreamTime(T0.plus(WINDOW).plus(GRACE).plus(Duration.ofDays(30)));
    driver.advanceWallClock(SCAN);
    assertThat(driver.unit("u1").attributions()).containsKey(EXP);

    driver.expose("u1", EXP, "green", T0.plus(Duration.ofDays(40))); // still excludes: the unit is known
    driver.report();

    Map<String, Totals> totals = Totals.of(driver.sums.readValuesToList());
    assertThat(totals.get(cell("control", ""))).isEqualTo(new Totals(0, 1, 0, 0, 0, 0, 0, T0.toEpochMilli(),
        T0.toEpochMilli()));
    assertThat(totals.keySet()).noneMatch(k -> k.contains("|green|"));
  }

  @Test
  void shouldIgnoreAnExpiredUnitsLateEventsAndRefuseItsLateExposures() {
    driver.expose("u1", EXP, "control", T0);
    driver.definitions(STOPPED);
    advanceStreamTime(T0.plus(WINDOW).plus(GRACE));
    driver.advanceWallClock(SCAN);
    driver.report();
    driver.sums.readValuesToList();
    assertThat(driver.unit("u1")).isNull();

    driver.purchase("u1", 10, T0.plusSeconds(60)); // inside the old window, but read after it closed
    driver.expose("u1", EXP, "green", T0.plusSeconds(120)); // would make u1 a new unit
    driver.report();

    assertThat(driver.sums.isEmpty()).isTrue();
    List<DeadLetter> letters = driver.dlq.readValuesToList();
    assertThat(letters).singleElement().satisfies(l -> {
      assertThat(l.getReason()).isEqualTo(DeadLetterReason.UNKNOWN_EXPERIMENT);
      assertThat(l.getField()).isEqualTo("properties.experiment_id");
      assertThat(l.getDetail()).contains("stopped at " + STOP).contains("experiments.grace.ms");
    });
  }

  @Test
  void shouldIgnoreALateEventOfAClosedAttributionWhetherOrNotTheScanRan() {
    driver.expose("u1", EXP, "control", T0);
    driver.expose("u2", EXP, "control", T0);
    advanceStreamTime(T0.plus(WINDOW).plus(GRACE).minusMillis(1));
    driver.purchase("u1", 10, T0.plus(WINDOW).minusMillis(1)); // open: counts
    advanceStreamTime(T0.plus(WINDOW).plus(GRACE));
    driver.purchase("u2", 10, T0.plus(WINDOW).minusMillis(1)); // closed: counts nothing
    driver.report();

    Map<String, Totals> totals = Totals.of(driver.sums.readValuesToList());
    assertThat(totals.get(cell("control", REVENUE))).isEqualTo(Totals.unit(10, 0).plus(Totals.unit(0, 0)));
  }

  @Test
  void shouldAttributeExposuresOfAStoppedExperimentUntilItsStopPlusGrace() {
    driver.definitions(STOPPED);
    advanceStreamTime(STOP.plus(GRACE).minusMillis(1));
    driver.expose("u1", EXP, "control", STOP.minusSeconds(1));
    advanceStreamTime(STOP.plus(GRACE));
    driver.expose("u2", EXP, "control", STOP.minusSeconds(1));
    driver.report();

    assertThat(Totals.of(driver.sums.readValuesToList()).get(cell("control", "")).units()).isEqualTo(1);
    assertThat(driver.dlq.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldForgetPreExposureEventsPastTheHorizonAndThenTheUnit() {
    driver.purchase("u1", 10, T0);
    assertThat(driver.unit("u1").preEvents()).hasSize(2); // conversion and revenue
    advanceStreamTime(T0.plus(LOOKBACK).plus(GRACE).minusMillis(1));
    driver.advanceWallClock(SCAN);
    assertThat(driver.unit("u1")).isNotNull();

    advanceStreamTime(T0.plus(LOOKBACK).plus(GRACE));
    driver.advanceWallClock(SCAN);

    assertThat(driver.unit("u1")).isNull();
  }

  @Test
  void shouldDeleteTheAttributionOfAnEarlierPhaseOnceItsWindowClosed() {
    driver.expose("u1", EXP, "control", T0);
    driver.definitions(DEFINITIONS.replace("phase: 1", "phase: 2\n    seed: checkout-button-2"));
    advanceStreamTime(T0.plus(WINDOW).plus(GRACE));
    driver.advanceWallClock(SCAN);

    assertThat(driver.unit("u1")).isNull();
  }

  /** Moves the task's stream time by an event of a unit no rule cares about. */
  private void advanceStreamTime(Instant to) {
    driver.send("clock", "page_viewed", "{}", to);
  }

  private static String cell(String variation, String metric) {
    return Totals.key(EXP, 1, variation, metric);
  }
}
