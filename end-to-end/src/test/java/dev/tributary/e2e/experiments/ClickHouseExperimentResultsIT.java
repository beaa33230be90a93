package dev.tributary.e2e.experiments;

import static dev.tributary.common.catalogue.ExperimentTables.EXPOSURES_VIEW;
import static dev.tributary.common.catalogue.ExperimentTables.SUMS_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.experiments.report.ExposureRow;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.report.SumsRow;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.localstack.experiment.ClickHouseExperimentResults;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.warehouse.schema.TableDdl;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report's ClickHouse adapter against a real server, as the read-only analyst, through the catalogue's
 * real result views: delta rows as transform-streams reports them (several per cell, an exclusion among
 * them) go into {@code experiment_sums}, and what the adapter reads is what the views sum them to. Proves the
 * views' SQL, the analyst's access and the parsing of every column type.
 */
class ClickHouseExperimentResultsIT {

  private static final Instant FIRST = Instant.parse("2026-11-30T09:00:00Z");
  private static final String COLUMNS = "(experiment_key, phase_number, variation_id, metric, metric_kind, unit_delta,"
      + " excluded_delta, y_sum, y_sum_squares, d_sum, d_sum_squares, yd_sum, x_sum, x_sum_squares, xy_sum,"
      + " first_exposure_ms, last_exposure_ms, reporter, reported_at, reported_at_ms, _topic, _partition, _offset)";
  private static String db;

  @BeforeAll
  static void views() {
    db = TestClickHouse.createDatabase();
    TableDdl.statements(db).forEach(TestClickHouse::execute);
    long first = FIRST.toEpochMilli();
    long hour = 3_600_000L;
    TestClickHouse.execute("INSERT INTO " + db + ".experiment_sums " + COLUMNS + " VALUES"
        // two reports of one proportion cell: 2,000 then 1,000 units
        + row("checkout-button", 1, "control", "purchase_conversion_rate", "proportion", 2000, 0,
            "200, 200, 0, 0, 0, 0, 0, 0", "NULL, NULL", 0) + ","
        + row("checkout-button", 1, "control", "purchase_conversion_rate", "proportion", 1000, 0,
            "100, 100, 0, 0, 0, 0, 0, 0", "NULL, NULL", 1) + ","
        + row("checkout-button", 1, "green\\tbutton''s", "average_order_value", "ratio", 3010, 0,
            "12345.5, 1.0e7, 310, 320, 0.125, 1, 2, 3", "NULL, NULL", 2) + ","
        + row("checkout-button", 2, "control", "purchase_conversion_rate", "proportion", 9, 0,
            "1, 1, 0, 0, 0, 0, 0, 0", "NULL, NULL", 3) + ","
        + row("other", 1, "control", "purchase_conversion_rate", "proportion", 7, 0,
            "1, 1, 0, 0, 0, 0, 0, 0", "NULL, NULL", 4) + ","
        // exposure cells: 3,004 first exposures over two reports, then 4 of them excluded
        + row("checkout-button", 1, "control", "", "", 2004, 0, "0, 0, 0, 0, 0, 0, 0, 0",
            first + ", " + (first + hour / 2), 5) + ","
        + row("checkout-button", 1, "control", "", "", 1000, 0, "0, 0, 0, 0, 0, 0, 0, 0",
            (first + hour / 4) + ", " + (first + hour), 6) + ","
        + row("checkout-button", 1, "control", "", "", -4, 4, "0, 0, 0, 0, 0, 0, 0, 0", "NULL, NULL", 7) + ","
        + row("checkout-button", 2, "control", "", "", 9, 0, "0, 0, 0, 0, 0, 0, 0, 0",
            (first + 2 * hour) + ", " + (first + 2 * hour), 8));
  }

  private static String row(String key, int phase, String variation, String metric, String kind, long units,
      long excluded, String sums, String exposures, long offset) {
    return "('" + key + "', " + phase + ", '" + variation + "', '" + metric + "', '" + kind + "', " + units + ", "
        + excluded + ", " + sums + ", " + exposures + ", '0', toDateTime('2026-11-30 12:00:00', 'UTC'), 0,"
        + " 'experiments.sums', 0, " + offset + ")";
  }

  private static ClickHouseExperimentResults reader() {
    return new ClickHouseExperimentResults(TestClickHouse.analyst(), db);
  }

  @Test
  void shouldReadOnePhaseOfOneExperimentAsTheAnalyst() {
    ObservedResults o = reader().read("checkout-button", 1);

    assertThat(o.sums()).containsExactlyInAnyOrder(
        new SumsRow("checkout-button", 1, "control", "purchase_conversion_rate", MetricKind.PROPORTION, 3000, 300, 300,
            0, 0, 0, 0, 0, 0),
        new SumsRow("checkout-button", 1, "green\tbutton's", "average_order_value", MetricKind.RATIO, 3010, 12345.5,
            1.0e7, 310, 320, 0.125, 1, 2, 3));
    assertThat(o.exposures()).containsExactly(new ExposureRow("checkout-button", 1, "control", 3000, 4, FIRST,
        FIRST.plusSeconds(3600)));
  }

  @Test
  void shouldSayWhichViewsAreMissingWhenTheWarehouseHasNoneYet() {
    ClickHouseExperimentResults empty = new ClickHouseExperimentResults(TestClickHouse.analyst(),
        TestClickHouse.createDatabase());

    assertThatThrownBy(() -> empty.read("checkout-button", 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the result views " + SUMS_VIEW + " and " + EXPOSURES_VIEW + " do not exist yet");
  }

  @Test
  void shouldFindNothingForAKeyThatTriesToBreakOutOfItsQuotes() {
    assertThat(reader().read("x' OR 1 = 1 OR '", 1)).isEqualTo(ObservedResults.NONE);
    assertThat(reader().read("x\\' OR 1 = 1 --", 1)).isEqualTo(ObservedResults.NONE);
  }
}
