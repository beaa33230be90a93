package dev.tributary.sink.clickhouse;

import dev.tributary.sink.testing.Claimed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.ExperimentTables;
import dev.tributary.events.ExperimentSums;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.testing.Batches;
import dev.tributary.sink.testing.TestWarehouse;
import dev.tributary.testsupport.TestClickHouse;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The experiment sums loaded by the sink's writer into the real ClickHouse (18.16 here): the two views the report
 * reads have exactly the contract's columns and types, and add the deltas of several reporters and reports,
 * an exclusion included, into one row per cell.
 */
class ExperimentViewsIT {

  private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
  private static final String TOPIC = "experiments.sums";

  private static String database;
  private static ClickHouseWarehouseWriter writer;

  @BeforeAll
  static void load() {
    database = TestClickHouse.createDatabase();
    writer = TestWarehouse.withSchema(database);
    // partition 0 reports u1 and u2 in control (u1 purchased 10), then u1 excluded; partition 1 reports u3 in green
    insert(0, List.of(
        exposure("control", 2, 0, T0, T0.plusSeconds(30)),
        metric("control", "purchase_conversion_rate", "proportion", 2, 1, 1, 0, 0, 0),
        metric("control", "average_order_value", "ratio", 2, 10, 100, 1, 1, 10)));
    insert(1, List.of(
        exposure("green", 1, 0, T0.plusSeconds(10), T0.plusSeconds(10)),
        metric("green", "purchase_conversion_rate", "proportion", 1, 1, 1, 0, 0, 0),
        metric("green", "average_order_value", "ratio", 1, 7, 49, 2, 4, 14)));
    insert(0, List.of(
        exposure("control", -1, 1, null, null),
        metric("control", "purchase_conversion_rate", "proportion", -1, -1, -1, 0, 0, 0),
        metric("control", "average_order_value", "ratio", -1, -10, -100, -1, -1, -10)));
  }

  @AfterAll
  static void close() {
    writer.close();
  }

  @Test
  void shouldAnswerTheSumsViewWithOneRowOfTotalsPerCell() {
    assertThat(q("SELECT experiment_key, phase, variation_id, metric, metric_kind, units, sum, sum_squares,"
        + " denominator_sum, denominator_sum_squares, sum_products, pre_sum, pre_sum_squares, pre_sum_products FROM "
        + database + ".experiment_sums_v ORDER BY variation_id, metric FORMAT TSV").split("\n")).containsExactly(
        "checkout-button\t1\tcontrol\taverage_order_value\tratio\t1\t0\t0\t0\t0\t0\t0\t0\t0",
        "checkout-button\t1\tcontrol\tpurchase_conversion_rate\tproportion\t1\t0\t0\t0\t0\t0\t0\t0\t0",
        "checkout-button\t1\tgreen\taverage_order_value\tratio\t1\t7\t49\t2\t4\t14\t0\t0\t0",
        "checkout-button\t1\tgreen\tpurchase_conversion_rate\tproportion\t1\t1\t1\t0\t0\t0\t0\t0\t0");
  }

  @Test
  void shouldAnswerTheExposuresViewWithAttributedAndExcludedUnits() {
    assertThat(q("SELECT experiment_key, phase, variation_id, units, excluded_units, first_exposure, last_exposure"
        + " FROM " + database + ".experiment_exposures_v ORDER BY variation_id FORMAT TSV").split("\n"))
        .containsExactly(
            "checkout-button\t1\tcontrol\t1\t1\t2026-11-30 09:00:00\t2026-11-30 09:00:30",
            "checkout-button\t1\tgreen\t1\t0\t2026-11-30 09:00:10\t2026-11-30 09:00:10");
  }

  @Test
  void shouldKeepTheContractsColumnNamesAndTypes() {
    assertThat(q("DESCRIBE TABLE " + database + ".experiment_sums_v FORMAT TSV").replace("\\'", "'").lines()
        .map(l -> l.split("\t")[0] + " " + l.split("\t")[1]).toList()).containsExactly(
        "experiment_key String", "phase UInt32", "variation_id String", "metric String", "metric_kind String",
        "units UInt64", "sum Float64", "sum_squares Float64", "denominator_sum Float64",
        "denominator_sum_squares Float64", "sum_products Float64", "pre_sum Float64", "pre_sum_squares Float64",
        "pre_sum_products Float64");
    assertThat(q("DESCRIBE TABLE " + database + ".experiment_exposures_v FORMAT TSV").replace("\\'", "'").lines()
        .map(l -> l.split("\t")[0] + " " + l.split("\t")[1]).toList()).containsExactly(
        "experiment_key String", "phase UInt32", "variation_id String", "units UInt64", "excluded_units UInt64",
        "first_exposure DateTime('UTC')", "last_exposure DateTime('UTC')");
  }

  private static String q(String sql) {
    return TestClickHouse.query(sql).strip();
  }

  private static int offset;

  private static void insert(int partition, List<ExperimentSums> sums) {
    List<Row> rows = sums.stream().map(s -> Rows.of(Datasets.EXPERIMENT_SUMS, s, TOPIC, partition, offset++)).toList();
    Claimed.insert(writer, Batches.of(ExperimentTables.EXPERIMENT_SUMS, new TopicPartition(TOPIC, partition), rows));
  }

  private static ExperimentSums exposure(String variation, long units, long excluded, Instant first, Instant last) {
    return base(variation, ExperimentTables.EXPOSURE_CELL, "").setUnits(units).setExcludedUnits(excluded)
        .setFirstExposure(first).setLastExposure(last).build();
  }

  private static ExperimentSums metric(String variation, String metric, String kind, long units, double sum,
      double sumSquares, double denominatorSum, double denominatorSumSquares, double sumProducts) {
    return base(variation, metric, kind).setUnits(units).setSum(sum).setSumSquares(sumSquares)
        .setDenominatorSum(denominatorSum).setDenominatorSumSquares(denominatorSumSquares)
        .setSumProducts(sumProducts).build();
  }

  private static ExperimentSums.Builder base(String variation, String metric, String kind) {
    return ExperimentSums.newBuilder().setExperimentKey("checkout-button").setPhase(1).setVariationId(variation)
        .setMetric(metric).setMetricKind(kind).setUnits(0).setExcludedUnits(0).setSum(0).setSumSquares(0)
        .setDenominatorSum(0).setDenominatorSumSquares(0).setSumProducts(0).setPreSum(0).setPreSumSquares(0)
        .setPreSumProducts(0).setReporter("0").setReportedAt(T0.plusSeconds(60));
  }
}
