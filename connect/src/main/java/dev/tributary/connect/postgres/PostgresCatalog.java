package dev.tributary.connect.postgres;

import dev.tributary.connect.mapping.SchemaCheck.TableShape;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the shape of tables from a PostgreSQL catalogue (columns, replica identity) for the
 * mapping's check at start. One connection per instance. Not thread-safe.
 */
public final class PostgresCatalog implements AutoCloseable {

  private final Connection connection;

  private PostgresCatalog(Connection connection) {
    this.connection = connection;
  }

  /** Connects to {@code jdbcUrl}; a failure names the URL (never the password). */
  public static PostgresCatalog connect(String jdbcUrl, String user, String password) {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "10");
    try {
      return new PostgresCatalog(DriverManager.getConnection(jdbcUrl, p));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to PostgreSQL at " + jdbcUrl + " as " + user + ": "
          + e.getMessage(), e);
    }
  }

  /** The shape of {@code schemaDotTable}, empty when there is no such table. */
  public Optional<TableShape> shape(String schemaDotTable) {
    String[] parts = schemaDotTable.split("\\.", 2);
    try (PreparedStatement st = connection.prepareStatement(
        "SELECT a.attname, c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = c.oid"
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY a.attnum")) {
      st.setString(1, parts[0]);
      st.setString(2, parts[1]);
      Set<String> columns = new LinkedHashSet<>();
      boolean full = false;
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
          full = "f".equals(rs.getString(2));
        }
      }
      return columns.isEmpty() ? Optional.empty() : Optional.of(new TableShape(columns, full));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the catalogue of " + schemaDotTable + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing a catalogue connection that failed is not worth reporting
    }
  }
}
