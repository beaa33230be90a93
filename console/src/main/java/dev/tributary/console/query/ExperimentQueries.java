package dev.tributary.console.query;

import java.util.Objects;

/**
 * The queries of the experiments page, over the experiment change log: each experiment with its
 * current status and coverage (the latest change that set them — a status or coverage change, or
 * the full summary a creation or snapshot carries), and the ramp history of one experiment.
 *
 * <p>Pure; immutable; thread-safe.
 */
public final class ExperimentQueries {

  /** Changes listed at most. */
  public static final int MAX_CHANGES = 500;

  private final ConsoleViews views;

  public ExperimentQueries(ConsoleViews views) {
    this.views = Objects.requireNonNull(views, "views");
  }

  /** One row per experiment: status, coverage, phase, changes, and the latest change's time, author and kind. */
  public ConsoleQuery list() {
    return ConsoleQuery.of("experiments.list", "SELECT experiment_key, argMaxIf(s, changed_at_ms, s != '') AS status,"
        + " argMaxIf(c, changed_at_ms, c != '') AS coverage, max(phase) AS current_phase, count() AS changes,"
        + " toUInt32(max(changed_at)) AS last_changed_t, argMax(changed_by, changed_at_ms) AS last_changed_by,"
        + " argMax(kind, changed_at_ms) AS last_kind"
        + " FROM (SELECT experiment_key, phase, kind, changed_by, changed_at, changed_at_ms,"
        + " " + fieldValue("status") + " AS s, " + fieldValue("coverage") + " AS c"
        + " FROM " + views.experimentChanges() + ") GROUP BY experiment_key ORDER BY experiment_key");
  }

  /** Every change of one experiment (its ramp history), oldest first. */
  public ConsoleQuery changes(String experimentKey) {
    return ConsoleQuery.of("experiments.changes", "SELECT toUInt32(changed_at) AS t, experiment_key, phase, kind,"
        + " field, from_value, to_value, changed_by FROM " + views.experimentChanges()
        + " WHERE experiment_key = ? ORDER BY changed_at_ms, change_id LIMIT ?",
        new SqlParam.Text(experimentKey), new SqlParam.Int(MAX_CHANGES));
  }

  /** The value a change gives {@code field}: its to_value, or the field's entry in a creation's or snapshot's summary. */
  private static String fieldValue(String field) {
    return "if(field = '" + field + "', ifNull(to_value, ''), if(field = '*', extract(ifNull(to_value, ''), '"
        + field + "=([^;]*)'), ''))";
  }
}
