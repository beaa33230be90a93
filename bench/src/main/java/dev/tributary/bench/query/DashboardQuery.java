package dev.tributary.bench.query;

import dev.tributary.warehouse.metrics.MetricCatalogue;
import dev.tributary.warehouse.metrics.MetricDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One query the query stage times: what an analyst's dashboard asks over a week of data. The
 * catalogue's metrics come from {@link MetricCatalogue}, so the bench times exactly the SQL analysts
 * are given; the rest are the rollup views, events by name from the count rollup, and, as references
 * held to no target, the same count by a full scan of each event view (with and without FINAL) and daily
 * active persons read from the events ({@code events_by_person_v}, what the metric read before its rollup).
 *
 * <p>Immutable; thread-safe.
 *
 * @param name what it is, as the report prints it
 * @param sql the query, run with the bench database as default
 * @param dashboard whether it is a dashboard query, held to the ≤ 1 s target (the full-scan references are not)
 */
public record DashboardQuery(String name, String sql, boolean dashboard) {

  /** Every query of the stage, in report order. */
  public static List<DashboardQuery> all() {
    List<DashboardQuery> queries = new ArrayList<>();
    queries.add(new DashboardQuery("events by name, events_v (FINAL, reference)",
        "SELECT event, count() FROM events_v GROUP BY event", false));
    queries.add(new DashboardQuery("events by name, events_fast_v (no FINAL, full scan)",
        "SELECT event, count() FROM events_fast_v GROUP BY event", false));
    queries.add(new DashboardQuery("events by name, metrics_day_v (count rollup)",
        "SELECT event, sum(count) + sum(too_late_events) AS events FROM metrics_day_v GROUP BY event", true));
    for (String view : List.of("metrics_minute_v", "metrics_hour_v", "metrics_day_v")) {
      queries.add(new DashboardQuery("view " + view + ", the whole week", "SELECT * FROM " + view, true));
    }
    queries.add(new DashboardQuery("daily active persons, events_by_person_v (FINAL + 2 joins, reference)",
        "SELECT toDate(timestamp) AS period, uniqExact(person_id) AS value FROM events_by_person_v GROUP BY period",
        false));
    for (MetricDefinition m : MetricCatalogue.bundled().metrics()) {
      queries.add(new DashboardQuery("metric " + m.name() + " (" + m.grain().name().toLowerCase(Locale.ROOT) + ")",
          m.sql(), true));
    }
    return List.copyOf(queries);
  }
}
