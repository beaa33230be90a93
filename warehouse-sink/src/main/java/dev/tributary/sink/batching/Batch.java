package dev.tributary.sink.batching;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The unit of writing: rows of ONE Kafka partition for ONE table, with contiguous offsets
 * {@code [firstOffset, lastOffset]} (records that produce no row, such as tombstones, may leave
 * gaps), all in ONE ClickHouse partition, so that one INSERT of it is one part: all rows land or
 * none. Immutable.
 */
public record Batch(WarehouseTable table, TopicPartition source, int month, List<Row> rows, SealReason reason) {

  public Batch {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    rows = List.copyOf(rows);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a batch has at least one row");
    }
  }

  public long firstOffset() {
    return rows.get(0).offset();
  }

  public long lastOffset() {
    return rows.get(rows.size() - 1).offset();
  }

  /** The Kafka offset to resume from once this batch is in the warehouse. */
  public long nextOffset() {
    return lastOffset() + 1;
  }

  /**
   * The rows at or after {@code offset}: what is still to write when the warehouse already holds
   * the offsets before it. Empty when nothing is left.
   */
  public Optional<Batch> remainderFrom(long offset) {
    if (offset <= firstOffset()) {
      return Optional.of(this);
    }
    List<Row> rest = rows.stream().filter(r -> r.offset() >= offset).toList();
    return rest.isEmpty() ? Optional.empty() : Optional.of(new Batch(table, source, month, rest, reason));
  }

  public int size() {
    return rows.size();
  }

  /** E.g. {@code events <- events.clean-2 offsets [100..199] (100 rows)}, for logs and errors. */
  public String describe() {
    return table.tableName() + " <- " + source + " offsets [" + firstOffset() + ".." + lastOffset()
        + "] (" + rows.size() + " rows)";
  }
}
