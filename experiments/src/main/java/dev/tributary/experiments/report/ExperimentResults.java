package dev.tributary.experiments.report;

/**
 * The port through which a report reads the warehouse: the rows of {@code experiment_sums_v} and {@code
 * experiment_exposures_v} for one experiment phase. Adapters: the CLI's ClickHouse HTTP reader (local-stack,
 * as the read-only analyst) and whatever the console reads with; tests use an in-memory fake. The SQL and
 * row layout every adapter uses are {@link ResultsQueries}'.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ExperimentResults {

  /**
   * The rows of {@code experimentKey}'s {@code phase}, empty lists when nothing was exposed yet.
   *
   * @throws RuntimeException when the warehouse cannot be read (the caller reports it)
   */
  ObservedResults read(String experimentKey, int phase);
}
