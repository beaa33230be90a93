package dev.tributary.console.experiments;

import dev.tributary.common.event.Rule;
import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.InvalidParameterException;
import dev.tributary.console.query.RequestParams;
import dev.tributary.console.warehouse.Warehouse;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.report.ExperimentReport;
import dev.tributary.experiments.report.ExperimentReporter;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@value #PATH}: one experiment phase's result, the report the CLI prints ({@code bin/tributary experiment report})
 * built by the same code: the definition from the definitions file, the rows of the two result views read
 * through the {@link WarehouseExperimentResults} port, and {@link ExperimentReporter} for every number. The answer
 * carries the two queries that ran, so the page can show them.
 *
 * <p>Parameters: {@code experiment} (required, a key of the definitions file) and {@code phase} (1 to the
 * definition's current phase; default the current one).
 *
 * <p>Immutable; thread-safe (the definitions file is).
 */
public final class ExperimentResultEndpoint {

  public static final String PATH = "/api/experiments/result";
  public static final Set<String> PARAMS = Set.of("experiment", "phase");
  /** Far above any real phase count; keeps the number an int. */
  static final int MAX_PHASE = 100_000;

  private final DefinitionsFile definitions;
  private final ExperimentResultQueries queries;

  public ExperimentResultEndpoint(DefinitionsFile definitions, ExperimentResultQueries queries) {
    this.definitions = Objects.requireNonNull(definitions, "definitions");
    this.queries = Objects.requireNonNull(queries, "queries");
  }

  /**
   * The report of the phase {@code params} ask for.
   *
   * @throws InvalidParameterException for a bad or unknown experiment or phase
   * @throws DefinitionsUnavailableException when the definitions cannot be read
   * @throws dev.tributary.console.warehouse.WarehouseException when the warehouse cannot answer
   */
  public Answer answer(RequestParams params, Warehouse warehouse) {
    String key = params.requiredText("experiment");
    java.util.Optional<Integer> asked = params.positiveInt("phase", MAX_PHASE);
    ExperimentDefinition definition = definitions.definition(key);
    int phase = asked.orElse(definition.phase());
    if (phase > definition.phase()) {
      throw new InvalidParameterException("phase", Rule.ONE_OF, "experiment " + key + " is in phase "
          + definition.phase() + "; phase " + phase + " has not started");
    }
    long start = System.nanoTime();
    ExperimentReport report = ExperimentReporter.report(definition, phase,
        new WarehouseExperimentResults(warehouse, queries).read(key, phase));
    return new Answer(report, List.of(queries.sums(key, phase), queries.exposures(key, phase)),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * A report and what it was built from.
   *
   * @param queries the queries that ran, sums first
   * @param elapsedMillis reading both views and building the report
   */
  public record Answer(ExperimentReport report, List<ConsoleQuery> queries, long elapsedMillis) {

    public Answer {
      queries = List.copyOf(queries);
    }
  }
}
