package dev.tributary.e2e.experiments;

import static dev.tributary.localstack.experiment.ClickHouseExperimentResults.EXPOSURES_VIEW;
import static dev.tributary.localstack.experiment.ClickHouseExperimentResults.SUMS_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.experiments.report.ExposureRow;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.report.SumsRow;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.localstack.experiment.ClickHouseExperimentResults;
import dev.tributary.testsupport.TestClickHouse;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report's ClickHouse adapter against a real server, as the read-only analyst: tables shaped like the two
 * result views' contract stand in for them (the views belong to the experiment sums dataset), so what is
 * proven here is the SQL, the analyst's access and the parsing of every column type.
 */
class ClickHouseExperimentResultsIT {

  private static final Instant FIRST = Instant.parse("2026-11-30T09:00:00Z");
  private static String db;

  @BeforeAll
  static void views() {
    db = TestClickHouse.createDatabase();
    TestClickHouse.execute("CREATE TABLE " + db + "." + SUMS_VIEW + " (experiment_key String, phase UInt32,"
        + " variation_id String, metric String, metric_kind String, units UInt64, sum Float64, sum_squares Float64,"
        + " denominator_sum Float64, denominator_sum_squares Float64, sum_products Float64, pre_sum Float64,"
        + " pre_sum_squares Float64, pre_sum_products Float64) ENGINE = MergeTree ORDER BY experiment_key");
    TestClickHouse.execute("CREATE TABLE " + db + "." + EXPOSURES_VIEW + " (experiment_key String, phase UInt32,"
        + " variation_id String, units UInt64, excluded_units UInt64, first_exposure DateTime,"
        + " last_exposure DateTime) ENGINE = MergeTree ORDER BY experiment_key");
    TestClickHouse.execute("INSERT INTO " + db + "." + SUMS_VIEW + " VALUES"
        + " ('checkout-button', 1, 'control', 'purchase_conversion_rate', 'proportion', 3000, 300, 300, 0, 0, 0, 0, 0, 0),"
        + " ('checkout-button', 1, 'green\\tbutton''s', 'average_order_value', 'ratio', 3010, 12345.5, 1.0e7, 310, 320,"
        + " 0.125, 1, 2, 3),"
        + " ('checkout-button', 2, 'control', 'purchase_conversion_rate', 'proportion', 9, 1, 1, 0, 0, 0, 0, 0, 0),"
        + " ('other', 1, 'control', 'purchase_conversion_rate', 'proportion', 7, 1, 1, 0, 0, 0, 0, 0, 0)");
    TestClickHouse.execute("INSERT INTO " + db + "." + EXPOSURES_VIEW + " VALUES"
        + " ('checkout-button', 1, 'control', 3000, 4, toDateTime('2026-11-30 09:00:00', 'UTC'),"
        + " toDateTime('2026-11-30 10:00:00', 'UTC')),"
        + " ('checkout-button', 2, 'control', 9, 0, toDateTime('2026-11-30 11:00:00', 'UTC'),"
        + " toDateTime('2026-11-30 11:00:00', 'UTC'))");
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
