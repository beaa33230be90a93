package dev.tributary.common.catalogue;

import java.util.List;
import java.util.Objects;

/**
 * An analyst view over one warehouse table, read {@code FINAL} so that every row counts once even
 * before background merges. Views are the contract with the warehouse's readers (analysts, the
 * console, reconciliation): tables may change shape, views keep their meaning.
 *
 * <p>Immutable.
 *
 * @param name view name, e.g. {@code events_v}
 * @param doc what a row of the view is
 * @param columns the columns it selects, in order; empty for {@code SELECT *}, which ClickHouse
 *     expands when the view is created, so such a view is recreated when its table gains columns
 * @param query null for the generated {@code SELECT <columns> FROM <table> FINAL}; else the whole
 *     {@code SELECT} of a view that filters or joins (see {@link #query(String, String, String, String...)})
 * @param unmerged true for a view that deliberately reads a replacing table without {@code FINAL}
 *     (see {@link #unmerged(String, String, String, String...)}); its doc must say what it guarantees
 */
public record WarehouseView(String name, String doc, List<String> columns, String query, boolean unmerged) {

  /** Stands for the quoted database name in a {@link #query}. */
  public static final String DATABASE_PLACEHOLDER = "{db}";

  public WarehouseView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(doc, "doc");
    columns = List.copyOf(columns);
    if (query != null && (columns.isEmpty() || !query.contains(DATABASE_PLACEHOLDER))) {
      throw new IllegalArgumentException("view " + name + ": a query view lists its columns and reads "
          + DATABASE_PLACEHOLDER + ".<table>");
    }
  }

  /** A view of every column of its table. */
  public static WarehouseView allColumns(String name, String doc) {
    return new WarehouseView(name, doc, List.of(), null, false);
  }

  /** A view of the given columns of its table. */
  public static WarehouseView ofColumns(String name, String doc, String... columns) {
    return new WarehouseView(name, doc, List.of(columns), null, false);
  }

  /**
   * A view defined by its own {@code SELECT}, for what a column list cannot say: a filter applied
   * after {@code FINAL}, or a join with another table. Tables are written
   * {@code {db}.<table>}; the SQL must run on ClickHouse 18.16 and current releases (one JOIN per
   * SELECT, no window functions). {@code columns} are the view's own column names, in order, for the
   * documentation; they need not be columns of the table the view is declared with.
   */
  public static WarehouseView query(String name, String doc, String select, String... columns) {
    return new WarehouseView(name, doc, List.of(columns), Objects.requireNonNull(select, "select"), false);
  }

  /**
   * A query view that reads a replacing table without {@code FINAL}, on purpose: much faster on large
   * tables, at the price of showing a row twice until ClickHouse merges it. The exception to the
   * catalogue's rule that views over replacing tables read {@code FINAL}, so it is declared as such.
   */
  public static WarehouseView unmerged(String name, String doc, String select, String... columns) {
    return new WarehouseView(name, doc, List.of(columns), Objects.requireNonNull(select, "select"), true);
  }

  /** True for {@code SELECT *} views, which must be recreated after columns are added to the table. */
  public boolean selectsAll() {
    return columns.isEmpty();
  }

  /** True for a view with its own {@link #query}; its columns are not checked against the table. */
  public boolean hasQuery() {
    return query != null;
  }
}
