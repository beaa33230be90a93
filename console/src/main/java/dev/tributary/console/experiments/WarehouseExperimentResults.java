package dev.tributary.console.experiments;

import dev.tributary.console.warehouse.Warehouse;
import dev.tributary.experiments.report.ExperimentResults;
import dev.tributary.experiments.report.ObservedResults;
import java.util.Objects;

/**
 * The experiments module's {@link ExperimentResults} port over the console's warehouse (the JDBC driver, as the
 * read-only analyst): the two queries of {@link ExperimentResultQueries}, key and phase bound.
 *
 * <p>Thread-safe when the warehouse is.
 */
public final class WarehouseExperimentResults implements ExperimentResults {

  private final Warehouse warehouse;
  private final ExperimentResultQueries queries;

  public WarehouseExperimentResults(Warehouse warehouse, ExperimentResultQueries queries) {
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.queries = Objects.requireNonNull(queries, "queries");
  }

  /** @throws dev.tributary.console.warehouse.WarehouseException when the warehouse cannot answer */
  @Override
  public ObservedResults read(String experimentKey, int phase) {
    return ExperimentResultQueries.observed(warehouse.run(queries.sums(experimentKey, phase)),
        warehouse.run(queries.exposures(experimentKey, phase)));
  }
}
