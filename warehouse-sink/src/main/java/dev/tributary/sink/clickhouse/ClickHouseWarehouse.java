package dev.tributary.sink.clickhouse;

import dev.tributary.sink.batching.WarehouseWriter;

/**
 * The warehouse as the sink's wiring sees it: a {@link WarehouseWriter} that also creates and evolves
 * the schema at start and is closed at the end. One ClickHouse server ({@link ClickHouseWarehouseWriter})
 * or a cluster of them ({@code dev.tributary.sink.cluster.ShardRoutingWarehouseWriter}).
 *
 * <p>Implementations are thread-safe as {@link WarehouseWriter} requires.
 */
public interface ClickHouseWarehouse extends WarehouseWriter, AutoCloseable {

  /**
   * Creates the database, tables and views when absent and brings existing ones to this version's shape.
   *
   * @throws dev.tributary.sink.batching.WarehouseException retriable when ClickHouse cannot be reached
   */
  void createSchema();

  @Override
  void close();
}
