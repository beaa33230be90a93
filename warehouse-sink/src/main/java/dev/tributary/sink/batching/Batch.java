package dev.tributary.sink.batching;

import dev.tributary.common.catalogue.WarehouseTable;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The unit of writing: rows of ONE Kafka partition for ONE table, with contiguous offsets
 * {@code [firstOffset, lastOffset]} (records that produce no row, such as tombstones, may leave
 * gaps), all in ONE ClickHouse partition, so that one INSERT of it is one part: all rows land or
 * none. The rows are already encoded as sent ({@link EncodedRows}). Immutable.
 */
public record Batch(WarehouseTable table, TopicPartition source, int month, EncodedRows rows, SealReason reason) {

  public Batch {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(reason, "reason");
  }

  public long firstOffset() {
    return rows.firstOffset();
  }

  public long lastOffset() {
    return rows.lastOffset();
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
    EncodedRows rest = rows.from(offset);
    if (rest == rows) {
      return Optional.of(this);
    }
    return rest == null ? Optional.empty() : Optional.of(new Batch(table, source, month, rest, reason));
  }

  public int size() {
    return rows.size();
  }

  /** E.g. {@code events <- events.clean-2 offsets [100..199] (100 rows)}, for logs and errors. */
  public String describe() {
    return table.name() + " <- " + source + " offsets [" + firstOffset() + ".." + lastOffset()
        + "] (" + rows.size() + " rows)";
  }
}
