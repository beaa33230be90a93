package dev.tributary.common.catalogue;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Turns one record of a dataset's contract into the data columns of its warehouse table, in column
 * order (the loader appends the Kafka coordinates). Java values follow {@link ColumnType}.
 *
 * <p>Implementations are pure and thread-safe.
 */
@FunctionalInterface
public interface RowConverter<V> {

  TableRow toRow(V value);

  /**
   * The data column values of one row and the time (epoch ms) of the DateTime column the table is
   * partitioned by, so a loader can group rows by partition without parsing the values back.
   */
  record TableRow(List<Object> values, long partitionMillis) {
    public TableRow {
      Objects.requireNonNull(values, "values");
      values = Collections.unmodifiableList(values); // nulls are allowed for nullable columns
    }
  }
}
