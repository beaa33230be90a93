package dev.tributary.console.query;

import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.common.catalogue.ExperimentTables;
import dev.tributary.common.catalogue.SessionIdentityTables;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.common.catalogue.WarehouseView;
import dev.tributary.warehouse.metrics.MetricDefinitionsTable;
import dev.tributary.warehouse.schema.Sql;
import java.util.List;
import java.util.Objects;

/**
 * The warehouse views the console reads, each taken from the catalogue (never typed here) and
 * qualified with the configured database. A view is found by the table it belongs to and, where a
 * table has several, by its first column (the grain of a metrics rollup) — so a renamed view is
 * followed, and a view that disappears fails at start, not at the first request.
 *
 * <p>Immutable; thread-safe.
 *
 * @param database the warehouse database, e.g. {@code tributary}
 */
public record ConsoleViews(String database) {

  public ConsoleViews {
    Objects.requireNonNull(database, "database");
  }

  /** {@code metrics_minute_v}, {@code metrics_hour_v} or {@code metrics_day_v}. */
  public String metrics(Grain grain) {
    return qualified(byFirstColumn(WarehouseTables.METRICS_MINUTE, grain.code()));
  }

  /** The metrics catalogue in force ({@code metric_catalogue}). */
  public String metricCatalogue() {
    return Sql.qualified(database, MetricDefinitionsTable.VIEW);
  }

  /** The live sessions ({@code sessions_v}). */
  public String sessions() {
    return qualified(only(SessionIdentityTables.SESSIONS));
  }

  /** Every mapped id with its person ({@code persons_v}). */
  public String persons() {
    return qualified(byFirstColumn(SessionIdentityTables.PERSONS, "id_key"));
  }

  /** The experiment change log ({@code experiment_changes_v}). */
  public String experimentChanges() {
    return qualified(only(WarehouseTables.EXPERIMENT_CHANGES));
  }

  /** The audit reconciliation per received minute and source ({@code audit_reconciliation_v}). */
  public String reconciliation() {
    return Sql.qualified(database, AuditReconciliation.VIEW);
  }

  /** The ingest rejections per received minute, source and rule ({@code audit_rejections_v}). */
  public String rejections() {
    return Sql.qualified(database, AuditReconciliation.REJECTIONS_VIEW);
  }

  /** The per-variant sums of the experiments ({@code experiment_sums_v}), unqualified: the report's SQL qualifies it. */
  public static String experimentSums() {
    return byName(ExperimentTables.EXPERIMENT_SUMS, ExperimentTables.SUMS_VIEW).name();
  }

  /** Units and exclusions per variant ({@code experiment_exposures_v}), unqualified like {@link #experimentSums()}. */
  public static String experimentExposures() {
    return byName(ExperimentTables.EXPERIMENT_SUMS, ExperimentTables.EXPOSURES_VIEW).name();
  }

  /** The dead letters ({@code dead_letters_v}). */
  public String deadLetters() {
    return qualified(only(WarehouseTables.DEAD_LETTERS));
  }

  /** Every view name the console reads, unqualified: for the start-up check and the docs. */
  public static List<String> all() {
    return List.of(byFirstColumn(WarehouseTables.METRICS_MINUTE, Grain.MINUTE.code()).name(),
        byFirstColumn(WarehouseTables.METRICS_MINUTE, Grain.HOUR.code()).name(),
        byFirstColumn(WarehouseTables.METRICS_MINUTE, Grain.DAY.code()).name(),
        MetricDefinitionsTable.VIEW, only(SessionIdentityTables.SESSIONS).name(),
        byFirstColumn(SessionIdentityTables.PERSONS, "id_key").name(), only(WarehouseTables.EXPERIMENT_CHANGES).name(),
        AuditReconciliation.VIEW, AuditReconciliation.REJECTIONS_VIEW, only(WarehouseTables.DEAD_LETTERS).name(),
        experimentSums(), experimentExposures());
  }

  private String qualified(WarehouseView view) {
    return Sql.qualified(database, view.name());
  }

  static WarehouseView only(WarehouseTable table) {
    if (table.views().size() != 1) {
      throw new IllegalStateException("the console expects one view of " + table.name() + ", the catalogue has "
          + table.views().stream().map(WarehouseView::name).toList());
    }
    return table.views().get(0);
  }

  static WarehouseView byName(WarehouseTable table, String name) {
    return table.views().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalStateException("the catalogue has no view " + name + " of " + table.name()));
  }

  static WarehouseView byFirstColumn(WarehouseTable table, String column) {
    List<WarehouseView> matching = table.views().stream()
        .filter(v -> !v.columns().isEmpty() && v.columns().get(0).equals(column)).toList();
    if (matching.size() != 1) {
      throw new IllegalStateException("the console expects one view of " + table.name() + " whose first column is "
          + column + ", the catalogue has " + table.views().stream().map(WarehouseView::name).toList());
    }
    return matching.get(0);
  }
}
