package dev.tributary.console.app;

import dev.tributary.console.config.ConsoleSettings;
import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.warehouse.QueryResult;
import dev.tributary.console.warehouse.Warehouse;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses to run the console as a ClickHouse user that can write: the console's promise is that
 * nothing it does can change the warehouse, and the server's {@code readonly} setting is what keeps
 * it (1 or 2: reads only; 0: anything). Asked once at start, of the server itself.
 *
 * <p>Stateless; thread-safe.
 */
final class ReadOnlyCheck {

  /** Reads the user's effective {@code readonly} setting; needs no database of ours. */
  static final ConsoleQuery QUERY = ConsoleQuery.of("startup.readonly",
      "SELECT toUInt8(value) AS readonly FROM system.settings WHERE name = 'readonly'");

  private ReadOnlyCheck() {}

  /**
   * @param warehouse the console's warehouse connection, as {@code user}
   * @throws ConfigException naming {@value ConsoleSettings#CLICKHOUSE_USER} when the user can write
   */
  static void require(Warehouse warehouse, String user) {
    QueryResult result = warehouse.run(QUERY);
    long readonly = result.rows().isEmpty() ? 0 : ((Number) result.value(0, "readonly")).longValue();
    if (readonly == 0) {
      throw new ConfigException(ConsoleSettings.CLICKHOUSE_USER, user, "this ClickHouse user can write"
          + " (readonly=0); the console only reads as a read-only user (readonly=1 or 2 in its profile, e.g. the"
          + " local stack's 'analyst')");
    }
  }
}
