package dev.tributary.common.catalogue;

import static dev.tributary.common.catalogue.ColumnType.DATETIME;
import static dev.tributary.common.catalogue.ColumnType.FLOAT64;
import static dev.tributary.common.catalogue.ColumnType.INT32;
import static dev.tributary.common.catalogue.ColumnType.INT64;
import static dev.tributary.common.catalogue.ColumnType.NULLABLE_INT64;
import static dev.tributary.common.catalogue.ColumnType.STRING;
import static dev.tributary.common.catalogue.WarehouseTime.dateTimeSeconds;

import dev.tributary.common.catalogue.RowConverter.TableRow;
import dev.tributary.events.ExperimentSums;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse table of the experiment sums and its two views, the contract the experiment report reads.
 * The table is a log of deltas (each transform-streams task reports what it added to a cell since its previous
 * report), loaded exactly once by the sink like every dataset, so a cell's totals are the plain sum of its
 * rows: no {@code FINAL}, no replacing, and partitions and days merge by addition. Table columns are named
 * apart from the views' columns ({@code phase_number}, {@code unit_delta}, {@code y_sum}…) so that the views
 * can give the contract names without an alias shadowing a column (which ClickHouse 18.16 refuses).
 *
 * <p>Pure and stateless; thread-safe.
 */
public final class ExperimentTables {

  /** The per-variant sums: what experiment reports read (contract: docs/EXPERIMENTS.md). */
  public static final String SUMS_VIEW = "experiment_sums_v";
  /** Units per variant and the multi-variant exclusions: what experiment reports read. */
  public static final String EXPOSURES_VIEW = "experiment_exposures_v";

  /** The exposure cell's {@code metric}: the row of a variation that counts units, not a metric. */
  public static final String EXPOSURE_CELL = "";

  public static final WarehouseTable EXPERIMENT_SUMS = WarehouseTable.of("experiment_sums",
      "One row per report of one experiment cell (experiment, phase, variation, metric; metric '' = exposures) by"
          + " one transform-streams task: deltas, so a cell is the sum of its rows. Read experiment_sums_v and"
          + " experiment_exposures_v.",
      List.of(
          Column.of("experiment_key", STRING, "The experiment's key"),
          Column.of("phase_number", INT32, "The experiment's phase in force at the unit's first exposure"),
          Column.of("variation_id", STRING, "The variation the unit was first exposed to"),
          Column.of("metric", STRING, "The catalogue metric; '' for the exposure cell"),
          Column.of("metric_kind", STRING, "mean, proportion or ratio; '' for the exposure cell"),
          Column.of("unit_delta", INT64, "Change of the attributed units (+1 first exposure, -1 exclusion)"),
          Column.of("excluded_delta", INT64, "Units of this variation excluded for seeing another (exposure cell)"),
          Column.of("y_sum", FLOAT64, "Change of Σy (numerator of a ratio)"),
          Column.of("y_sum_squares", FLOAT64, "Change of Σy²"),
          Column.of("d_sum", FLOAT64, "Change of Σd, the denominator of a ratio metric (else 0)"),
          Column.of("d_sum_squares", FLOAT64, "Change of Σd² (ratio metrics; else 0)"),
          Column.of("yd_sum", FLOAT64, "Change of Σy·d (ratio metrics; else 0)"),
          Column.of("x_sum", FLOAT64, "Change of Σx, x the CUPED pre-exposure covariate (0 for ratio metrics)"),
          Column.of("x_sum_squares", FLOAT64, "Change of Σx² (CUPED)"),
          Column.of("xy_sum", FLOAT64, "Change of Σx·y (CUPED)"),
          Column.of("first_exposure_ms", NULLABLE_INT64, "Exposure cell: earliest first exposure in this delta, epoch ms"),
          Column.of("last_exposure_ms", NULLABLE_INT64, "Exposure cell: latest first exposure in this delta, epoch ms"),
          Column.of("reporter", STRING, "The events.raw partition of the reporting task"),
          Column.of("reported_at", DATETIME, "Wall-clock time of the report (UTC)"),
          Column.of("reported_at_ms", INT64, "Wall-clock time of the report, epoch milliseconds")),
      TableEngine.mergeTree(), "reported_at", List.of("experiment_key", "phase_number", "variation_id", "metric"),
      List.of(
          WarehouseView.query(SUMS_VIEW,
              "Per experiment, phase, variation and metric: the sums so far of the attributed, not excluded units"
                  + " (0 where a sum does not apply)",
              "SELECT experiment_key, toUInt32(phase_number) AS phase, variation_id, metric,"
                  + " any(metric_kind) AS metric_kind, toUInt64(sum(unit_delta)) AS units, sum(y_sum) AS sum,"
                  + " sum(y_sum_squares) AS sum_squares, sum(d_sum) AS denominator_sum,"
                  + " sum(d_sum_squares) AS denominator_sum_squares, sum(yd_sum) AS sum_products,"
                  + " sum(x_sum) AS pre_sum, sum(x_sum_squares) AS pre_sum_squares, sum(xy_sum) AS pre_sum_products"
                  + " FROM {db}.`experiment_sums` WHERE metric != '" + EXPOSURE_CELL + "'"
                  + " GROUP BY experiment_key, phase_number, variation_id, metric",
              "experiment_key", "phase", "variation_id", "metric", "metric_kind", "units", "sum", "sum_squares",
              "denominator_sum", "denominator_sum_squares", "sum_products", "pre_sum", "pre_sum_squares",
              "pre_sum_products"),
          WarehouseView.query(EXPOSURES_VIEW,
              "Per experiment, phase and variation: units attributed and not excluded, units first exposed here and"
                  + " excluded for seeing another variation, and the first and last first-exposure times",
              "SELECT experiment_key, toUInt32(phase_number) AS phase, variation_id,"
                  + " toUInt64(sum(unit_delta)) AS units, toUInt64(sum(excluded_delta)) AS excluded_units,"
                  + " toDateTime(intDiv(assumeNotNull(min(first_exposure_ms)), 1000), 'UTC') AS first_exposure,"
                  + " toDateTime(intDiv(assumeNotNull(max(last_exposure_ms)), 1000), 'UTC') AS last_exposure"
                  + " FROM {db}.`experiment_sums` WHERE metric = '" + EXPOSURE_CELL + "'"
                  + " GROUP BY experiment_key, phase_number, variation_id",
              "experiment_key", "phase", "variation_id", "units", "excluded_units", "first_exposure",
              "last_exposure")));

  private ExperimentTables() {}

  static TableRow experimentSumsRow(ExperimentSums s) {
    long reported = s.getReportedAt().toEpochMilli();
    List<Object> v = new ArrayList<>(EXPERIMENT_SUMS.dataColumnCount());
    v.add(s.getExperimentKey());
    v.add(s.getPhase());
    v.add(s.getVariationId());
    v.add(s.getMetric());
    v.add(s.getMetricKind());
    v.add(s.getUnits());
    v.add(s.getExcludedUnits());
    v.add(s.getSum());
    v.add(s.getSumSquares());
    v.add(s.getDenominatorSum());
    v.add(s.getDenominatorSumSquares());
    v.add(s.getSumProducts());
    v.add(s.getPreSum());
    v.add(s.getPreSumSquares());
    v.add(s.getPreSumProducts());
    v.add(millisOrNull(s.getFirstExposure()));
    v.add(millisOrNull(s.getLastExposure()));
    v.add(s.getReporter());
    v.add(dateTimeSeconds(reported));
    v.add(reported);
    return new TableRow(v, reported);
  }

  private static Long millisOrNull(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }
}
