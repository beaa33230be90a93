package dev.tributary.console.clickhouse;

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
 * <p>Thread-safe: each query opens its own connection (HTTP, pooled by nothing the console must
 * manage) and closes it.
 */
public final class JdbcWarehouse implements Warehouse {

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

  /**
   * @param httpUrl ClickHouse's HTTP endpoint, e.g. {@code http://127.0.0.1:8123}
   * @param database the warehouse database (the metric catalogue's SQL names its tables unqualified)
   * @param user a read-only user
   * @param maxRows rows read at most per query; the rest are not fetched
   */
  public JdbcWarehouse(String httpUrl, String database, String user, String password, Duration timeout, int maxRows) {
    this.url = jdbcUrl(httpUrl, database);
    this.credentials = new Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.maxRows = maxRows;
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
    long start = System.nanoTime();
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(query.template())) {
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
    } catch (SQLException e) {
      throw new WarehouseException("the warehouse refused query " + query.name() + ": " + e.getMessage(), e);
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
