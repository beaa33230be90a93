package dev.tributary.console.clickhouse;

import com.clickhouse.client.api.ServerException;
import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.SqlParam;
import dev.tributary.console.warehouse.QueryResult;
import dev.tributary.console.warehouse.Warehouse;
import dev.tributary.console.warehouse.WarehouseException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse through ClickHouse's JDBC driver ({@code com.clickhouse:jdbc-v2}), as the
 * read-only analyst user: every query is a {@link PreparedStatement} whose parameters are bound
 * with {@code setString}/{@code setLong}, never concatenated.
 *
 * <p>The URL carries what ClickHouse 18.16 needs for the driver to read anything (PROBES.md):
 * uncompressed responses, JSONEachRow as the output format both for the driver and as the server's
 * default, 64-bit integers as JSON numbers, and Jackson to parse them. Current servers accept the
 * same settings.
 *
 * <p>Connections are reused: a driver connection carries its own HTTP client (connection pool,
 * keep-alive sockets), so opening one per query paid a new client and a new TCP connection every
 * time. At most {@code maxConnections} exist; a query takes an idle one (or opens one while below the
 * bound), waits up to the query timeout when all are busy, and gives it back afterwards. A connection
 * whose query failed for any reason other than the server's answer is closed, not given back; a query
 * that failed that way on a reused connection (e.g. a keep-alive socket the server had closed) is
 * run once more on a new one: reads are safe to repeat.
 *
 * <p>Thread-safe: the idle connections sit in a concurrent queue, each used by one thread at a time;
 * a semaphore bounds how many exist. {@link #close()} closes the idle ones and every one given back later.
 */
public final class JdbcWarehouse implements Warehouse, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcWarehouse.class);
  /** The URL parameters that make jdbc-v2 0.10.0 read from ClickHouse 18.16 (and current servers). */
  static final String URL_SETTINGS = "compress=false&format=JSONEachRow"
      + "&clickhouse_setting_default_format=JSONEachRow"
      + "&clickhouse_setting_output_format_json_quote_64bit_integers=0"
      + "&jdbc_json_parser_factory=com.clickhouse.client.api.data_formats.JacksonJsonParserFactory";

  // jdbc-v2 0.10.0 does not register itself with DriverManager; the console holds its own instance
  private final Driver driver = new com.clickhouse.jdbc.Driver();
  private final String url;
  private final Properties credentials;
  private final int timeoutSeconds;
  private final int maxRows;
  private final Semaphore permits;
  private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  /**
   * @param httpUrl ClickHouse's HTTP endpoint, e.g. {@code http://127.0.0.1:8123}
   * @param database the warehouse database (the metric catalogue's SQL names its tables unqualified)
   * @param user a read-only user
   * @param maxRows rows read at most per query; the rest are not fetched
   * @param maxConnections connections open at most (the number of queries that run at once)
   */
  public JdbcWarehouse(String httpUrl, String database, String user, String password, Duration timeout, int maxRows,
      int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
    }
    this.url = jdbcUrl(httpUrl, database);
    this.credentials = new Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.maxRows = maxRows;
    this.permits = new Semaphore(maxConnections, true);
  }

  /** {@code jdbc:clickhouse:<http url>/<database>?<settings>}. */
  static String jdbcUrl(String httpUrl, String database) {
    String base = httpUrl.endsWith("/") ? httpUrl.substring(0, httpUrl.length() - 1) : httpUrl;
    // 18.16 ignores the driver's database header; as a URL parameter the server takes it as the default database
    return "jdbc:clickhouse:" + base + "/" + database + "?" + URL_SETTINGS + "&clickhouse_setting_database="
        + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  @Override
  public QueryResult run(ConsoleQuery query) {
    acquire(query);
    try {
      Connection reused = idle.poll();
      if (reused != null) {
        try {
          return runOn(reused, query);
        } catch (SQLException e) {
          if (answeredByServer(e)) {
            throw refused(query, e);
          }
          LOG.debug("query {} failed on a reused connection, once more on a new one: {}", query.name(), e.toString());
        }
      }
      try {
        return runOn(connect(), query);
      } catch (SQLException e) {
        throw refused(query, e);
      }
    } finally {
      permits.release();
    }
  }

  /** Runs {@code query} on {@code connection}; gives the connection back on success or a server's refusal. */
  private QueryResult runOn(Connection connection, ConsoleQuery query) throws SQLException {
    boolean keep = false;
    try {
      QueryResult result = execute(connection, query);
      keep = true;
      return result;
    } catch (SQLException e) {
      keep = answeredByServer(e);
      throw e;
    } finally {
      if (keep && !closed) {
        idle.offer(connection);
        if (closed) {
          closeAll(); // close() ran between the check and the offer
        }
      } else {
        closeQuietly(connection);
      }
    }
  }

  private QueryResult execute(Connection connection, ConsoleQuery query) throws SQLException {
    long start = System.nanoTime();
    try (PreparedStatement statement = connection.prepareStatement(query.template())) {
      statement.setQueryTimeout(timeoutSeconds);
      List<SqlParam> params = query.params();
      for (int i = 0; i < params.size(); i++) {
        SqlParam param = params.get(i);
        if (param instanceof SqlParam.Text t) {
          statement.setString(i + 1, t.value());
        } else if (param instanceof SqlParam.Int n) {
          statement.setLong(i + 1, n.value());
        } else {
          throw new IllegalStateException("unknown parameter kind " + param);
        }
      }
      try (ResultSet rs = statement.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          columns.add(meta.getColumnLabel(c));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rows.size() < maxRows && rs.next()) {
          List<Object> row = new ArrayList<>(columns.size());
          for (int c = 1; c <= columns.size(); c++) {
            row.add(plain(rs.getObject(c)));
          }
          rows.add(row);
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        LOG.debug("query {} answered {} rows in {} ms", query.name(), rows.size(), elapsed);
        return new QueryResult(columns, rows, elapsed);
      }
    }
  }

  private void acquire(ConsoleQuery query) {
    if (closed) {
      throw new WarehouseException("the console is stopping; query " + query.name() + " was not run", null);
    }
    try {
      if (!permits.tryAcquire(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new WarehouseException("every warehouse connection stayed busy for " + timeoutSeconds
            + " s; query " + query.name() + " was not run (the console is overloaded: try again)", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WarehouseException("interrupted while waiting for a warehouse connection", e);
    }
  }

  /** True when ClickHouse answered with an error: the connection itself is fine. */
  static boolean answeredByServer(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ServerException) {
        return true;
      }
    }
    return false;
  }

  private static WarehouseException refused(ConsoleQuery query, SQLException e) {
    return new WarehouseException("the warehouse refused query " + query.name() + ": " + e.getMessage(), e);
  }

  /** Connections open now and idle (for tests and the log). */
  int idleConnections() {
    return idle.size();
  }

  @Override
  public void close() {
    closed = true;
    closeAll();
  }

  private void closeAll() {
    for (Connection c = idle.poll(); c != null; c = idle.poll()) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("closing a warehouse connection failed: {}", e.toString());
    }
  }

  private Connection connect() throws SQLException {
    Connection connection = driver.connect(url, credentials);
    if (connection == null) {
      throw new SQLException("the ClickHouse driver does not accept " + url);
    }
    return connection;
  }

  /** Numbers stay numbers and text stays text; anything else the driver decodes is shown as text. */
  private static Object plain(Object value) {
    if (value == null || value instanceof Number || value instanceof String || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }
}
