package dev.tributary.console.warehouse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one console query answered: column names in order and the rows, each value as the driver
 * decoded it (text, a number, or null).
 *
 * <p>Immutable; thread-safe.
 *
 * @param columns the column names, in order
 * @param rows one list per row, one value per column
 * @param elapsedMillis how long the warehouse took, for the page's footer
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, long elapsedMillis) {

  public QueryResult {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("a row has " + row.size() + " values for " + columns.size() + " columns");
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** The value of {@code column} in row {@code row}. */
  public Object value(int row, String column) {
    int index = columns.indexOf(Objects.requireNonNull(column, "column"));
    if (index < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    return rows.get(row).get(index);
  }
}
