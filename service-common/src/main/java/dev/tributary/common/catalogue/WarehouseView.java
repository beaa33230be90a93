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
 */
public record WarehouseView(String name, String doc, List<String> columns) {

  public WarehouseView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(doc, "doc");
    columns = List.copyOf(columns);
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
    return columns.isEmpty();
  }
}
