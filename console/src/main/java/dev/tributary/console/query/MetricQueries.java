package dev.tributary.console.query;

import dev.tributary.common.event.Rule;
import dev.tributary.warehouse.metrics.MetricDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The queries of the metrics page: event volume per minute, hour or day from the metrics views
 * (with how many of each period's rows are still provisional and how many events came too late),
 * the event names to pick from, the metrics catalogue, and one catalogue metric over a window.
 *
 * <p>Every output column is named apart from the view's columns it aggregates (newer ClickHouse
 * refuses {@code sum(count) AS count}); {@code t} is the period's start in epoch seconds, for charts.
 *
 * <p>Pure; immutable; thread-safe.
 */
public final class MetricQueries {

  /** Event names offered in the picker at most. */
  public static final int MAX_EVENTS = 100;

  private final ConsoleViews views;

  public MetricQueries(ConsoleViews views) {
    this.views = Objects.requireNonNull(views, "views");
  }

  /**
   * Per period of {@code grain} in {@code range}: events (counted in their minute), revenue, events
   * that came after their minute was final ({@code too_late}), and {@code provisional} — provisional
   * rows of a minute, provisional minutes of an hour or day; 0 means the period is final.
   */
  public ConsoleQuery series(Grain grain, TimeRange range, Optional<String> event) {
    String period = grain.code();
    String t = grain == Grain.DAY ? "toUInt32(toDateTime(" + period + "))" : "toUInt32(" + period + ")";
    String provisional = grain == Grain.MINUTE ? "countIf(status = 'provisional')" : "sum(provisional_minutes)";
    List<SqlParam> params = new ArrayList<>(List.of(range.from(), range.to()));
    StringBuilder sql = new StringBuilder()
        .append("SELECT ").append(t).append(" AS t, sum(count) AS events, sum(revenue) AS revenue_total,")
        .append(" sum(too_late_events) AS too_late, ").append(provisional).append(" AS provisional")
        .append(" FROM ").append(views.metrics(grain))
        .append(" WHERE ").append(period).append(" >= ").append(grain.bound())
        .append(" AND ").append(period).append(" < ").append(grain.bound());
    event.ifPresent(e -> {
      sql.append(" AND event = ?");
      params.add(new SqlParam.Text(e));
    });
    sql.append(" GROUP BY ").append(period).append(" ORDER BY ").append(period);
    return new ConsoleQuery("metrics.series." + period, sql.toString(), params);
  }

  /** The event names with their total events, most frequent first. */
  public ConsoleQuery eventNames() {
    return ConsoleQuery.of("metrics.events", "SELECT event, sum(count) AS events FROM " + views.metrics(Grain.DAY)
        + " GROUP BY event ORDER BY events DESC, event LIMIT ?", new SqlParam.Int(MAX_EVENTS));
  }

  /** The metrics catalogue in force, in name order. */
  public ConsoleQuery catalogue() {
    return ConsoleQuery.of("metrics.catalogue", "SELECT name, title, description, grain, owner, unit, sql,"
        + " catalogue_version FROM " + views.metricCatalogue() + " ORDER BY name");
  }

  /** The catalogue row of one metric (its SQL is what {@link #metric} wraps). */
  public ConsoleQuery catalogueEntry(String name) {
    return ConsoleQuery.of("metrics.catalogue.entry", "SELECT name, title, description, grain, owner, unit, sql"
        + " FROM " + views.metricCatalogue() + " WHERE name = ?", new SqlParam.Text(name));
  }

  /**
   * One catalogue metric over {@code range}: its own SQL, unchanged, as a subquery filtered on its
   * {@code period}, with {@code t} (the period's start, epoch seconds) in front of its columns.
   *
   * @throws InvalidParameterException when the stored SQL has a {@code ?} of its own (it cannot be bound safely)
   */
  public ConsoleQuery metric(String name, String metricSql, TimeRange range) {
    String inner = metricSql.strip();
    if (ConsoleQuery.placeholders(inner) != 0) {
      throw new InvalidParameterException("metric", Rule.TYPE, "metric " + name + " has a '?' in its SQL;"
          + " the console cannot run it");
    }
    return ConsoleQuery.of("metrics.metric." + name, "SELECT toUInt32(toDateTime(period)) AS t, * FROM (" + inner
        + ") WHERE toDateTime(period) >= toDateTime(?) AND toDateTime(period) < toDateTime(?)", range.from(), range.to());
  }

  /** The console grain that windows a catalogue metric of {@code grain}: its own, or days for coarser ones. */
  public static Grain windowGrain(String catalogueGrain) {
    return switch (MetricDefinition.Grain.valueOf(catalogueGrain.toUpperCase(Locale.ROOT))) {
      case MINUTE -> Grain.MINUTE;
      case HOUR -> Grain.HOUR;
      case DAY, WEEK, SESSION -> Grain.DAY;
    };
  }
}
