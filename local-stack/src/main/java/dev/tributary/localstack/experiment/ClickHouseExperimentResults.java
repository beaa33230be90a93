package dev.tributary.localstack.experiment;

import dev.tributary.common.catalogue.ExperimentTables;
import dev.tributary.experiments.report.ExperimentResults;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.report.ResultsQueries;
import dev.tributary.localstack.component.ClickHouseConfig;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseHttpException;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link ExperimentResults} port over ClickHouse's HTTP interface: the two result views, selected with
 * {@link ResultsQueries}' SQL as the read-only analyst (the way {@code tributary reconcile} reads the ledger).
 * Thread-safe (the client is).
 */
public final class ClickHouseExperimentResults implements ExperimentResults {

  /** ClickHouse's error code for a table or view that does not exist. */
  private static final int UNKNOWN_TABLE = 60;

  private final ClickHouseHttp clickhouse;
  private final ResultsQueries queries;

  public ClickHouseExperimentResults(ClickHouseHttp clickhouse, String database) {
    this.clickhouse = Objects.requireNonNull(clickhouse, "clickhouse");
    this.queries = new ResultsQueries(Objects.requireNonNull(database, "database"),
        ExperimentTables.SUMS_VIEW, ExperimentTables.EXPOSURES_VIEW);
  }

  /** As the read-only analyst of a ClickHouse on 127.0.0.1 at {@code httpPort}. */
  public static ClickHouseExperimentResults localAnalyst(int httpPort, String database) {
    return new ClickHouseExperimentResults(new ClickHouseHttp("http://127.0.0.1:" + httpPort,
        ClickHouseConfig.ANALYST_USER, ClickHouseConfig.ANALYST_PASSWORD, Duration.ofSeconds(30)), database);
  }

  @Override
  public ObservedResults read(String experimentKey, int phase) {
    try {
      return ResultsQueries.parse(clickhouse.query(queries.sumsSql(experimentKey, phase)),
          clickhouse.query(queries.exposuresSql(experimentKey, phase)));
    } catch (ClickHouseHttpException e) {
      if (e.code() == UNKNOWN_TABLE) {
        throw new IllegalStateException("the result views " + ExperimentTables.SUMS_VIEW + " and "
            + ExperimentTables.EXPOSURES_VIEW + " do not exist yet: the sink creates them with the experiment sums dataset (is this version's sink running on"
            + " this database?); ClickHouse said: " + e.getMessage(), e);
      }
      throw e;
    }
  }
}
