package dev.tributary.sink.testing;

import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.testsupport.TestClickHouse;
import java.time.Duration;

/** The sink's writer on the test ClickHouse, as the warehouse ITs need it. Stateless; thread-safe. */
public final class TestWarehouse {

  private TestWarehouse() {}

  /** A writer for {@code database} on the test server, as the admin user; nothing created yet. */
  public static ClickHouseWarehouseWriter writer(String database) {
    return new ClickHouseWarehouseWriter(TestClickHouse.httpUrl(), "default", "", database, Duration.ofSeconds(30));
  }

  /** A writer for {@code database} whose tables and views exist: the catalogue's schema, created by the writer. */
  public static ClickHouseWarehouseWriter withSchema(String database) {
    ClickHouseWarehouseWriter writer = writer(database);
    writer.createSchema();
    return writer;
  }
}
