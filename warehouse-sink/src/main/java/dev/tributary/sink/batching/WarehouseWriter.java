package dev.tributary.sink.batching;

import dev.tributary.common.catalogue.WarehouseTable;
import java.util.OptionalLong;

/**
 * The port to the warehouse: the only two things exactly-once delivery needs from it.
 * {@code ClickHouseWarehouseWriter} is the real one; tests use an in-memory fake.
 *
 * <p>Implementations must make {@link #insert} atomic (all rows of the batch become visible, or
 * none) and thread-safe: the sink inserts batches of different Kafka partitions concurrently (never
 * two of one partition) while its consume thread may ask {@link #nextOffset}.
 */
public interface WarehouseWriter {

  /**
   * Writes all rows of {@code batch} atomically.
   *
   * @throws WarehouseException with {@link WarehouseException#retriable()} telling whether trying
   *     again may succeed; after a retriable failure the batch may or may not have landed
   */
  void insert(Batch batch);

  /**
   * The offset after the highest offset of {@code topic}/{@code partition} held in {@code table},
   * or empty when the table holds no row of that partition.
   *
   * @throws WarehouseException when the warehouse cannot answer
   */
  OptionalLong nextOffset(WarehouseTable table, String topic, int partition);

  /** Where the warehouse is, without credentials, for log messages. */
  String describe();
}
