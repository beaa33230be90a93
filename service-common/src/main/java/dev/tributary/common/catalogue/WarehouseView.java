package dev.tributary.common.catalogue;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An analyst view over one warehouse table, read {@code FINAL} so that every row counts once even
 * before background merges. Views are the contract with the warehouse's readers (analysts, the
 * console, reconciliation): tables may change shape, views keep their meaning.
 *
 * <p>Immutable.
 *
 * @param name view name, e.g. {@code events_v}
 * @param doc what a row of the view is
 * <p>A few views are not a projection of one table but a query over several (the audit
 * reconciliation); they carry their {@code SELECT} as {@link #query()}, written with
 * {@link #DATABASE} where the database name belongs, and list their output columns for the docs.
 *
 * @param name view name, e.g. {@code events_v}
 * @param doc what a row of the view is
 * @param columns the columns it selects, in order; empty for {@code SELECT *}, which ClickHouse
 *     expands when the view is created, so such a view is recreated when its table gains columns.
 *     For a query view: its output columns (documentation only)
 * @param query the whole {@code SELECT} of a query view; empty for a projection of its table
 */
public record WarehouseView(String name, String doc, List<String> columns, Optional<String> query) {

  /** Placeholder for the (quoted) database name in a {@link #query()}, e.g. {@code {db}.events}. */
  public static final String DATABASE = "{db}";

  public WarehouseView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(query, "query");
    columns = List.copyOf(columns);
    if (query.isPresent() && columns.isEmpty()) {
      throw new IllegalArgumentException("query view " + name + " must list its output columns");
    }
  }

  /** A projection of its table (no query). */
  public WarehouseView(String name, String doc, List<String> columns) {
    this(name, doc, columns, Optional.empty());
  }

  /**
   * A view defined by its own {@code SELECT} over one or more tables of the warehouse.
   *
   * @param query the SELECT, with {@link #DATABASE} before every table name
   * @param columns its output columns, in order
   */
  public static WarehouseView ofQuery(String name, String doc, String query, String... columns) {
    return new WarehouseView(name, doc, List.of(columns), Optional.of(query));
  }

  /** A view of every column of its table. */
  public static WarehouseView allColumns(String name, String doc) {
    return new WarehouseView(name, doc, List.of());
  }

  /** A view of the given columns of its table. */
  public static WarehouseView ofColumns(String name, String doc, String... columns) {
    return new WarehouseView(name, doc, List.of(columns));
  }

  /** True for {@code SELECT *} views, which must be recreated after columns are added to the table. */
  public boolean selectsAll() {
    return columns.isEmpty() && query.isEmpty();
  }

  /** True for a view with its own query rather than a projection of its table. */
  public boolean isQuery() {
    return query.isPresent();
  }
}
