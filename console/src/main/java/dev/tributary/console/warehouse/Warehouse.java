package dev.tributary.console.warehouse;

import dev.tributary.console.query.ConsoleQuery;

/**
 * The console's one port to the warehouse: runs a read-only query with its bound parameters.
 * The adapter ({@code JdbcWarehouse}) connects as the read-only analyst user; tests use fakes.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface Warehouse {

  /**
   * Runs {@code query}.
   *
   * @throws WarehouseException when the warehouse refuses the query or cannot be reached
   */
  QueryResult run(ConsoleQuery query);
}
