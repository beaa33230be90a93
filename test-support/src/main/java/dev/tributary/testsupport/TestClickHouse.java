package dev.tributary.testsupport;

import dev.tributary.localstack.component.ClickHouseConfig;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.process.Ports;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * One ClickHouse server process per test JVM (the 18.16 Debian binary here), started on first use
 * (~0.2 s) on free ports with user {@code default} (no password) and read-only user
 * {@code analyst}/{@code analyst}. Tests isolate themselves with {@link #createDatabase()}.
 *
 * <p>Thread-safe.
 */
public final class TestClickHouse {

  private static final Lazy<ClickHouseProcess> SERVER = new Lazy<>("clickhouse", () -> ClickHouseProcess.start(
      Fixtures.newDataDir("clickhouse"), Fixtures.logFile("clickhouse"), Ports.free(), Ports.free(), Duration.ofSeconds(10)));

  private TestClickHouse() {}

  /** E.g. {@code http://127.0.0.1:41235}. */
  public static String httpUrl() {
    return SERVER.get().httpUrl();
  }

  /** The native protocol port (for {@code clickhouse-client --port}). */
  public static int tcpPort() {
    return SERVER.get().tcpPort();
  }

  /** Creates a fresh, uniquely named database and returns its name. */
  public static String createDatabase() {
    String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    execute("CREATE DATABASE " + name);
    return name;
  }

  /** Runs a query as {@code default}; returns the body (TSV unless the SQL says FORMAT). */
  public static String query(String sql) {
    return http().query(sql);
  }

  /** Runs DDL/DML as {@code default}; throws with the server's error text on failure. */
  public static void execute(String sql) {
    http().execute(sql);
  }

  /** A client acting as {@code default}. */
  public static ClickHouseHttp http() {
    return new ClickHouseHttp(httpUrl());
  }

  /** A client acting as the read-only {@code analyst} user. */
  public static ClickHouseHttp analyst() {
    return new ClickHouseHttp(httpUrl(), ClickHouseConfig.ANALYST_USER, ClickHouseConfig.ANALYST_PASSWORD, Duration.ofSeconds(30));
  }
}
