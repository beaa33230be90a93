package dev.tributary.testsupport;

import dev.tributary.localstack.component.ClickHouseConfig;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.testsupport.containers.ClickHouseContainerSettings;
import dev.tributary.testsupport.containers.FixtureContainers;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * One ClickHouse server per test JVM, started on first use with user {@code default} (no password)
 * and read-only user {@code analyst}/{@code analyst}: the installed binary as a process on free ports
 * (18.16 here, ~0.2 s), or, with the container fixtures ({@code -Dtributary.fixtures}, see
 * {@link FixtureChoice}), the clickhouse/clickhouse-server image pinned in docker-compose.yml (a
 * current server). Under failsafe the process is shared by the Maven run's test JVMs
 * ({@link SharedFixtures}). The server's version is logged at start. Tests isolate themselves with
 * {@link #createDatabase()}.
 *
 * <p>Thread-safe.
 */
public final class TestClickHouse {

  private static final Logger LOG = LoggerFactory.getLogger(TestClickHouse.class);
  private static final Lazy<Running.ClickHouse> SERVER = new Lazy<>("clickhouse", () -> {
    Running.ClickHouse server;
    Optional<SharedFixtures.Addresses> shared = SharedFixtures.addresses();
    if (shared.isPresent()) {
      server = new Running.ClickHouse(shared.get().clickhouseHttpUrl(), shared.get().clickhouseTcpPort(), () -> { });
    } else if (FixtureChoice.containers()) {
      GenericContainer<?> container = FixtureChoice.start("ClickHouse", FixtureContainers.clickHouse(FixtureChoice.images()));
      server = new Running.ClickHouse("http://" + container.getHost() + ":"
          + container.getMappedPort(ClickHouseContainerSettings.HTTP_PORT),
          container.getMappedPort(ClickHouseContainerSettings.TCP_PORT), container::stop);
    } else {
      ClickHouseProcess process = ClickHouseProcess.start(Fixtures.newDataDir("clickhouse"), Fixtures.logFile("clickhouse"),
          Ports.free(), Ports.free(), Duration.ofSeconds(10));
      server = new Running.ClickHouse(process.httpUrl(), process.tcpPort(), process);
    }
    LOG.info("ClickHouse fixture: {} ClickHouse {} at {}", shared.isPresent() ? "the process shared by this Maven run's"
        + " test JVMs," : FixtureChoice.containers() ? "container" : "process",
        version(server.httpUrl()), server.httpUrl());
    return server;
  });

  private TestClickHouse() {}

  /** The server's version for the start-up log line; a failure here is left to the first test's query. */
  private static String version(String httpUrl) {
    try {
      return new ClickHouseHttp(httpUrl).query("SELECT version()").strip();
    } catch (RuntimeException e) {
      return "(version unknown: " + e.getMessage() + ")";
    }
  }

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
