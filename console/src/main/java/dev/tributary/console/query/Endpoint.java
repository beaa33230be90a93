package dev.tributary.console.query;

import dev.tributary.console.warehouse.QueryResult;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One JSON endpoint of the console: its path, the parameters it reads, and how a validated request
 * becomes the query it answers with. An endpoint may need a first query to build its real one (a
 * catalogue metric's SQL is looked up before it runs): {@link #followUp} builds the second query from
 * the first's answer, and the endpoint answers with the second.
 *
 * <p>Immutable; thread-safe when its functions are (they are pure).
 *
 * @param path e.g. {@code /api/metrics/series}
 * @param params the query parameters it reads besides {@code format}
 * @param query builds the (first) query; throws {@link InvalidParameterException} for a bad parameter
 * @param followUp empty for one-query endpoints
 */
public record Endpoint(String path, Set<String> params, Function<RequestParams, ConsoleQuery> query,
    Optional<BiFunction<RequestParams, QueryResult, ConsoleQuery>> followUp) {

  /** The parameter every endpoint reads: {@code json} (default) or {@code csv}. */
  public static final String FORMAT = "format";

  public Endpoint {
    Objects.requireNonNull(path, "path");
    params = Set.copyOf(params);
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(followUp, "followUp");
  }

  /** An endpoint answered by one query. */
  public static Endpoint of(String path, Set<String> params, Function<RequestParams, ConsoleQuery> query) {
    return new Endpoint(path, params, query, Optional.empty());
  }

  /** The parameters a request may carry: {@link #params()} and {@link #FORMAT}. */
  public Set<String> allowed() {
    java.util.Set<String> all = new java.util.HashSet<>(params);
    all.add(FORMAT);
    return all;
  }
}
