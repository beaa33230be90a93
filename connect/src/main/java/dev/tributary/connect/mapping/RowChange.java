package dev.tributary.connect.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row change as the mapping sees it, independent of Debezium's classes: the table, what
 * happened, the row before and after (column name → value: {@code String}, {@code Long},
 * {@code Integer}, {@code Double}, {@code java.math.BigDecimal}, {@code Boolean},
 * {@code java.time.Instant} or {@code null}), the primary key, the change's position in the
 * write-ahead log and its commit time.
 *
 * @param table {@code schema.table}, e.g. {@code public.orders}
 * @param before the row before the change; empty for inserts and snapshot reads. For deletes and
 *     updates it holds every column only under {@code REPLICA IDENTITY FULL}, else the key alone
 * @param after the row after the change; empty for deletes
 * @param key the primary key columns and values, in key order
 * @param lsn the change's log sequence number; empty for snapshot reads, which have no position of their own
 * @param commitMillis the commit time (snapshot reads: the snapshot time), epoch milliseconds
 */
public record RowChange(String table, Operation operation, Map<String, Object> before, Map<String, Object> after,
    List<Map.Entry<String, Object>> key, Optional<Long> lsn, long commitMillis) {

  public RowChange {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    key = List.copyOf(key);
    Objects.requireNonNull(lsn, "lsn");
  }

  /** The row image that describes the event: the row before a delete, else the row after the change. */
  public Map<String, Object> image() {
    return operation == Operation.DELETE ? before : after;
  }
}
