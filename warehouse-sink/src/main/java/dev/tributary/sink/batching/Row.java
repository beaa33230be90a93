package dev.tributary.sink.batching;

import dev.tributary.common.catalogue.ColumnType;
import dev.tributary.common.catalogue.WarehouseTable;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One converted record, ready to be written: its Kafka offset, the month ({@code yyyymm}, UTC) of
 * the ClickHouse partition it falls into, and the column values in {@link WarehouseTable#columns()}
 * order (coordinates included). Values follow {@link ColumnType}'s Java mapping; nulls are allowed
 * for nullable columns, so the list is unmodifiable rather than {@code List.of}.
 */
public record Row(long offset, int month, List<Object> values) {

  public Row {
    Objects.requireNonNull(values, "values");
    values = Collections.unmodifiableList(values);
  }
}
