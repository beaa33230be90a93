package dev.tributary.streams.experiments;

import static dev.tributary.streams.experiments.ExperimentsDriver.CONVERSION;
import static dev.tributary.streams.experiments.ExperimentsDriver.DEFINITIONS;
import static dev.tributary.streams.experiments.ExperimentsDriver.EXP;
import static dev.tributary.streams.experiments.ExperimentsDriver.ORDER_VALUE;
import static dev.tributary.streams.experiments.ExperimentsDriver.REVENUE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.ExperimentSums;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUPED covariate through {@link ExperimentTopology}: x per unit from the lookback before its exposure. */
class ExperimentCupedTest {

  private static final Instant T0 = Instant.parse("2024-05-10T12:00:00Z");
  private static final Duration LOOKBACK = Duration.ofDays(7);
  private static final Duration GRACE = Duration.ofDays(1);

  @TempDir
  Path stateDir;

  private ExperimentsDriver driver;

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private ExperimentsDriver start(Duration lookback, int maxPreEvents) {
    driver = new ExperimentsDriver(stateDir, DEFINITIONS, lookback, GRACE, maxPreEvents, Duration.ofHours(1));
    return driver;
  }

  @Test
  void shouldCarryTheUnitsValueOverTheLookbackBeforeItsExposureAsX() {
    start(LOOKBACK, 64);
    driver.purchase("u1", 500, T0.minus(LOOKBACK).minusMillis(1)); // just before the lookback
    driver.purchase("u1", 30, T0.minus(LOOKBACK)); // its first millisecond
    driver.purchase("u1", 12, T0.minusMillis(1)); // its last
    driver.expose("u1", EXP, "green", T0);
    driver.purchase("u1", 8, T0.plusSeconds(60));
    driver.expose("u2", EXP, "green", T0.plusSeconds(1)); // no purchase before: x = 0
    driver.report();

    Map<String, Totals> totals = Totals.of(driver.sums.readValuesToList());
    assertThat(totals.get(cell("green", CONVERSION))).isEqualTo(Totals.unit(1, 0, 1).plus(Totals.unit(0, 0, 0)));
    assertThat(totals.get(cell("green", REVENUE))).isEqualTo(Totals.unit(8, 0, 42).plus(Totals.unit(0, 0, 0)));
    // CUPED does not apply to ratio metrics: no x
    assertThat(totals.get(cell("green", ORDER_VALUE))).isEqualTo(Totals.unit(8, 1, 0).plus(Totals.unit(0, 0, 0)));
  }

  @Test
  void shouldFixXAtTheExposureAndKeepItInEveryLaterDelta() {
    start(LOOKBACK, 64);
    driver.purchase("u1", 10, T0.minus(Duration.ofDays(2)));
    driver.expose("u1", EXP, "control", T0);
    driver.report();
    driver.purchase("u1", 5, T0.minus(Duration.ofDays(1))); // read after the exposure: x stays 10
    driver.purchase("u1", 7, T0.plus(Duration.ofDays(1)));
    driver.report();
    driver.purchase("u1", 3, T0.plus(Duration.ofDays(2)));
    driver.report();

    List<ExperimentSums> reports = driver.sums.readValuesToList();
    Map<String, Totals> totals = Totals.of(reports);
    assertThat(totals.get(cell("control", REVENUE))).isEqualTo(Totals.unit(10, 0, 10));
    assertThat(reports).filteredOn(r -> r.getMetric().equals(REVENUE)).extracting(ExperimentSums::getPreSumProducts)
        .containsExactly(0.0, 70.0, 30.0);
  }

  @Test
  void shouldTakeTheCovariateOutWithAUnitThatIsExcluded() {
    start(LOOKBACK, 64);
    driver.purchase("u1", 10, T0.minus(Duration.ofDays(2)));
    driver.expose("u1", EXP, "control", T0);
    driver.purchase("u1", 4, T0.plusSeconds(10));
    driver.report();
    driver.expose("u1", EXP, "green", T0.plusSeconds(20));
    driver.report();

    assertThat(Totals.of(driver.sums.readValuesToList()).get(cell("control", REVENUE))).isEqualTo(Totals.ZERO);
  }

  @Test
  void shouldGiveEachExperimentTheLookbackBeforeItsOwnExposure() {
    start(LOOKBACK, 64);
    String two = DEFINITIONS + """
          - key: search-ranking
            status: running
            coverage: 1
            variants: [{id: a, weight: 0.5}, {id: b, weight: 0.5}]
            start: 2024-05-01T00:00:00Z
            hypothesis: better ranking sells more
            primary_metric: revenue_per_active_user
        """;
    driver.definitions(two);
    driver.purchase("u1", 10, T0.minus(Duration.ofDays(1)));
    driver.expose("u1", EXP, "control", T0);
    driver.purchase("u1", 20, T0.plus(Duration.ofDays(1))); // y of checkout-button, x of search-ranking
    driver.expose("u1", "search-ranking", "b", T0.plus(Duration.ofDays(2)));
    driver.report();

    Map<String, Totals> totals = Totals.of(driver.sums.readValuesToList());
    assertThat(totals.get(cell("control", REVENUE))).isEqualTo(Totals.unit(20, 0, 10));
    assertThat(totals.get(Totals.key("search-ranking", 1, "b", REVENUE))).isEqualTo(Totals.unit(0, 0, 30));
  }

  @Test
  void shouldKeepOnlyTheNewestContributionsBeyondTheCap() {
    start(LOOKBACK, 4); // two CUPED metrics per purchase: the last two purchases
    driver.purchase("u1", 1, T0.minus(Duration.ofHours(3)));
    driver.purchase("u1", 2, T0.minus(Duration.ofHours(1)));
    driver.purchase("u1", 4, T0.minus(Duration.ofHours(2))); // out of order: the one at -3 h goes
    assertThat(driver.unit("u1").preEvents()).hasSize(4)
        .allSatisfy(p -> assertThat(p.atMs()).isGreaterThanOrEqualTo(T0.minus(Duration.ofHours(2)).toEpochMilli()));
    driver.expose("u1", EXP, "control", T0);
    driver.report();

    assertThat(Totals.of(driver.sums.readValuesToList()).get(cell("control", REVENUE))).isEqualTo(Totals.unit(0, 0, 6));
  }

  @Test
  void shouldKeepNothingAndReportNoCovariateWithCupedOff() {
    start(Duration.ZERO, 64);
    driver.purchase("u1", 10, T0.minus(Duration.ofDays(1)));
    assertThat(driver.unit("u1")).as("no state for a unit that was never exposed").isNull();
    driver.expose("u1", EXP, "control", T0);
    driver.report();

    assertThat(Totals.of(driver.sums.readValuesToList()).get(cell("control", REVENUE))).isEqualTo(Totals.unit(0, 0, 0));
  }

  @Test
  void shouldNotCountAPrePeriodEventThatIsAlreadyBehindTheHorizonWhenRead() {
    start(LOOKBACK, 64);
    driver.purchase("u2", 1, T0.plus(Duration.ofDays(2))); // stream time: T0 + 2 d; horizon T0 - 6 d
    driver.purchase("u1", 10, T0.minus(Duration.ofDays(6))); // in u1's lookback, but read too late
    driver.purchase("u1", 20, T0.minus(Duration.ofDays(6)).plusMillis(1));
    driver.expose("u1", EXP, "control", T0);
    driver.report();

    assertThat(Totals.of(driver.sums.readValuesToList()).get(cell("control", REVENUE))).isEqualTo(Totals.unit(0, 0, 20));
  }

  private static String cell(String variation, String metric) {
    return Totals.key(EXP, 1, variation, metric);
  }
}
