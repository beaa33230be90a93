package dev.tributary.warehouse.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * One key metric of the {@link MetricCatalogue}: what it is called, what it measures, the period one
 * value covers, who owns it, and the one SQL query that computes it over the warehouse views. The
 * SQL returns {@code period} and {@code value} first, then any dimension columns.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name snake_case identifier, unique in the catalogue; experiments and the console refer to it
 * @param title short human name
 * @param description what it measures and what it deliberately leaves out
 * @param grain the period one value covers
 * @param owner who answers questions about it
 * @param unit what a value is
 * @param sql one SELECT over the warehouse views, run with the warehouse database as the default
 * @param perUnit how an experiment computes the metric per unit from events; empty: not for experiments
 */
public record MetricDefinition(String name, String title, String description, Grain grain, String owner,
    Unit unit, String sql, Optional<PerUnitMetric> perUnit) {

  /** A dashboard-only metric (no {@code per_unit} block). */
  public MetricDefinition(String name, String title, String description, Grain grain, String owner, Unit unit,
      String sql) {
    this(name, title, description, grain, owner, unit, sql, Optional.empty());
  }

  public MetricDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(grain, "grain");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(perUnit, "perUnit");
  }

  /** The period one value of a metric covers. */
  public enum Grain { MINUTE, HOUR, DAY, WEEK, SESSION }

  /** What one value of a metric is. */
  public enum Unit { COUNT, USERS, RATIO, CURRENCY, SECONDS }
}
