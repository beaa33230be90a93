package dev.tributary.common.catalogue;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An analyst view over one warehouse table, read {@code FINAL} so that every row counts once even
 * before background merges. Views are the contract with the warehouse's readers (analysts, the
 * console, reconciliation): tables may change shape, views keep their meaning.
 *
 * <p>Most views project columns of their table; a view that combines rows (a rollup, a table next
 * to its corrections) carries its own {@code SELECT} instead, written once here so the DDL, the
 * generated documentation and the tests read the same text.
 *
 * <p>Immutable.
 *
 * @param name view name, e.g. {@code events_v}
 * @param doc what a row of the view is
 * @param columns the columns it selects, in order; empty for {@code SELECT *}, which ClickHouse
 *     expands when the view is created, so such a view is recreated when its table gains columns.
 *     For a {@code query} view: the names of its output columns (documentation only)
 * @param query the view's own {@code SELECT}, with {@value #DATABASE} where the (quoted) database
 *     name goes, e.g. {@code SELECT ... FROM {db}.metrics_minute FINAL GROUP BY ...}; empty for a
 *     projection of the table
 */
public record WarehouseView(String name, String doc, List<String> columns, Optional<String> query) {

  /** Placeholder for the quoted database name in a {@link #query}. */
  public static final String DATABASE = "{db}";

  public WarehouseView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(query, "query");
    columns = List.copyOf(columns);
    if (query.isPresent() && (columns.isEmpty() || !query.get().contains(DATABASE))) {
      throw new IllegalArgumentException("view " + name + " needs its output columns and a query reading "
          + DATABASE + ".<table>");
    }
  }

  /** A view of every column of its table. */
  public static WarehouseView allColumns(String name, String doc) {
    return new WarehouseView(name, doc, List.of(), Optional.empty());
  }

  /** A view of the given columns of its table. */
  public static WarehouseView ofColumns(String name, String doc, String... columns) {
    return new WarehouseView(name, doc, List.of(columns), Optional.empty());
  }

  /** A view defined by its own {@code SELECT} (see {@link #query}), whose output columns are {@code columns}. */
  public static WarehouseView ofQuery(String name, String doc, List<String> columns, String query) {
    return new WarehouseView(name, doc, columns, Optional.of(query));
  }

  /** True for {@code SELECT *} views, which must be recreated after columns are added to the table. */
  public boolean selectsAll() {
    return columns.isEmpty();
  }

  /** The query with the database filled in ({@code quotedDatabase} as it goes into SQL, e.g. {@code `db`}). */
  public Optional<String> query(String quotedDatabase) {
    return query.map(q -> q.replace(DATABASE, quotedDatabase));
  }
}
