package dev.tributary.common.catalogue;

import java.util.List;

/**
 * The warehouse table of the backfilled minutes: the per-minute metrics of history sent through
 * {@code POST /v1/import} ({@code bin/tributary import}), recomputed apart from the live minutes.
 *
 * <p><b>Why a table of its own.</b> {@code metrics_minute} is a {@code ReplacingMergeTree} on
 * (minute, event, source): a backfilled row of a minute that also has a live row would replace it (or be
 * replaced by it) in {@code FINAL}. Kept apart, a live final row is never touched, and the metric views
 * ({@code metrics_minute_v}, {@code metrics_hour_v}, {@code metrics_day_v}) add the two: counts and revenue
 * are sums of disjoint events (an imported event never counts live, nor as too late). The columns are those
 * of {@code metrics_minute}, so the same converter fills both; {@code status} is always
 * {@value #STATUS} and {@code updated_at_ms} is the emitting task's sequence, not a stream time.
 *
 * <p>Pure and stateless; thread-safe.
 */
public final class BackfillTables {

  /** The table's name; a compile-time constant so that the views of {@link WarehouseTables} can name it. */
  public static final String TABLE = "metrics_minute_backfill";
  /** The status of every backfilled row. */
  public static final String STATUS = "backfilled";

  public static final WarehouseTable METRICS_MINUTE_BACKFILL = WarehouseTable.of(TABLE,
      "Per event name, source and event-time minute: count, distinct users and revenue of the events imported as"
          + " history (POST /v1/import), recomputed whenever an import adds to the minute; the highest updated_at_ms"
          + " of a key wins. metrics_minute_v, metrics_hour_v and metrics_day_v add these rows to the live ones.",
      WarehouseTables.METRICS_MINUTE.columns().subList(0, WarehouseTables.METRICS_MINUTE.dataColumnCount()).stream()
          .map(BackfillTables::backfillDoc).toList(),
      TableEngine.replacing("updated_at_ms"), "minute", List.of("minute", "event", "source"),
      List.of(WarehouseView.allColumns("metrics_minute_backfill_v",
          "The latest backfilled row per minute, event name and source (metrics_minute_backfill FINAL)")));

  private BackfillTables() {}

  private static Column backfillDoc(Column c) {
    return switch (c.name()) {
      case "status" -> Column.of(c.name(), c.type(), "Always '" + STATUS + "': recomputed from imported events; an"
          + " import that adds to the minute later replaces the row (no grace period, never too late)");
      case "count" -> Column.of(c.name(), c.type(), "Imported clean events of that name and source in that minute");
      case "updated_at_ms" -> Column.of(c.name(), c.type(), "Version: the emitting streams task's emission sequence"
          + " (strictly increasing per key, kept in its state store across restarts); not a time");
      default -> c;
    };
  }
}
