package dev.tributary.testsupport;

import dev.tributary.localstack.component.PostgresProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The CDC tests' database: {@value #DATABASE} with one {@code orders} table (serial id, customer,
 * exact amount, status, update time; {@code REPLICA IDENTITY FULL} so deletes carry the row) on a
 * fresh {@link TestPostgres} server, and the mapping that captures it.
 *
 * <p>Stateless; thread-safe.
 */
public final class TestShop {

  /** The captured database. */
  public static final String DATABASE = "shop";
  /** The CDC mapping of {@code orders}: identity customer_id, revenue amount, one event name per operation. */
  public static final String MAPPING = """
      tables=public.orders
      table.public.orders.identity.column=customer_id
      table.public.orders.properties=status
      table.public.orders.revenue.column=amount
      table.public.orders.timestamp.column=updated_at
      table.public.orders.event.insert=order_created
      table.public.orders.event.update=order_updated
      table.public.orders.event.delete=order_deleted
      """;

  private TestShop() {}

  /** A new server named {@code name} holding the shop database and its empty orders table. */
  public static PostgresProcess start(String name) throws SQLException {
    PostgresProcess postgres = TestPostgres.start(name);
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), PostgresProcess.SUPERUSER, "");
         Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + DATABASE);
    }
    sql(postgres, """
        CREATE TABLE orders (id serial PRIMARY KEY, customer_id text, amount numeric(10,2) NOT NULL,
          status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
        ALTER TABLE orders REPLICA IDENTITY FULL""");
    return postgres;
  }

  /** Runs {@code statements} in the shop database as the superuser (auto-commit). */
  public static void sql(PostgresProcess postgres, String statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(DATABASE), PostgresProcess.SUPERUSER, "");
         Statement st = c.createStatement()) {
      st.execute(statements);
    }
  }
}
