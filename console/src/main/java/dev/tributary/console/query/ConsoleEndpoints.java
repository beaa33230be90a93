package dev.tributary.console.query;

import dev.tributary.common.event.Rule;
import dev.tributary.console.warehouse.QueryResult;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every JSON endpoint of the console and the query behind it, in one list: the page calls these,
 * the HTTP adapter serves them (JSON or CSV), and the tests walk them. Pure: nothing here touches
 * the network.
 *
 * <p>Immutable; thread-safe.
 */
public final class ConsoleEndpoints {

  private static final Set<Grain> ALL_GRAINS = EnumSet.allOf(Grain.class);
  private static final Set<Grain> HOUR_OR_DAY = EnumSet.of(Grain.HOUR, Grain.DAY);
  private static final Set<String> WINDOW = Set.of("grain", "from", "to");
  private static final Set<String> FIXED_WINDOW = Set.of("from", "to");

  private final List<Endpoint> endpoints;

  public ConsoleEndpoints(ConsoleViews views) {
    MetricQueries metrics = new MetricQueries(views);
    ActivityQueries activity = new ActivityQueries(views);
    ExperimentQueries experiments = new ExperimentQueries(views);
    HealthQueries health = new HealthQueries(views);
    this.endpoints = List.of(
        Endpoint.of("/api/metrics/series", Set.of("grain", "from", "to", "event"), p -> {
          Grain grain = p.grain(ALL_GRAINS, Grain.MINUTE);
          return metrics.series(grain, p.range(grain), p.text("event"));
        }),
        Endpoint.of("/api/metrics/events", Set.of(), p -> metrics.eventNames()),
        Endpoint.of("/api/metrics/catalogue", Set.of(), p -> metrics.catalogue()),
        new Endpoint("/api/metrics/metric", Set.of("name", "from", "to"),
            p -> metrics.catalogueEntry(p.metricName("name")),
            Optional.of((p, entry) -> {
              String name = p.metricName("name");
              if (entry.rows().isEmpty()) {
                throw new InvalidParameterException("name", Rule.ONE_OF, "the metrics catalogue has no metric '"
                    + name + "'");
              }
              return metrics.metric(name, String.valueOf(entry.value(0, "sql")),
                  p.range(MetricQueries.windowGrain(String.valueOf(entry.value(0, "grain")))));
            })),
        Endpoint.of("/api/sessions/series", WINDOW, p -> {
          Grain grain = p.grain(HOUR_OR_DAY, Grain.HOUR);
          return activity.sessions(grain, p.range(grain));
        }),
        Endpoint.of("/api/sessions/entry-pages", WINDOW, p -> {
          Grain grain = p.grain(HOUR_OR_DAY, Grain.HOUR);
          return activity.entryPages(p.range(grain));
        }),
        Endpoint.of("/api/persons/summary", Set.of(), p -> activity.persons()),
        Endpoint.of("/api/experiments", Set.of(), p -> experiments.list()),
        Endpoint.of("/api/experiments/changes", Set.of("experiment"),
            p -> experiments.changes(p.requiredText("experiment"))),
        Endpoint.of("/api/health/reconciliation", FIXED_WINDOW, p -> health.reconciliation(p.range(Grain.MINUTE))),
        Endpoint.of("/api/health/dead-letters", FIXED_WINDOW, p -> health.deadLetters(p.range(Grain.HOUR))),
        Endpoint.of("/api/health/rejections", FIXED_WINDOW, p -> health.rejections(p.range(Grain.HOUR))));
  }

  public List<Endpoint> all() {
    return endpoints;
  }

  /** The endpoint serving {@code path}, if any. */
  public Optional<Endpoint> byPath(String path) {
    return endpoints.stream().filter(e -> e.path().equals(path)).findFirst();
  }

  /** Runs an endpoint's query chain through {@code warehouse}: the first query, then its follow-up if any. */
  public static Answered answer(Endpoint endpoint, RequestParams params, java.util.function.Function<ConsoleQuery,
      QueryResult> warehouse) {
    ConsoleQuery first = endpoint.query().apply(params);
    QueryResult firstResult = warehouse.apply(first);
    if (endpoint.followUp().isEmpty()) {
      return new Answered(first, firstResult);
    }
    ConsoleQuery second = endpoint.followUp().get().apply(params, firstResult);
    return new Answered(second, warehouse.apply(second));
  }

  /** The query an endpoint answered with and what it returned. */
  public record Answered(ConsoleQuery query, QueryResult result) {}
}
