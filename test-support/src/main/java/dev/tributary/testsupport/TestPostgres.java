package dev.tributary.testsupport;

import dev.tributary.localstack.component.PostgresProcess;
import dev.tributary.localstack.process.Ports;

/**
 * PostgreSQL servers for tests (Debian's package, {@code wal_level=logical}), each on a fresh data
 * directory and a free port, stopped by the fixtures' shutdown hook. A test that kills its server
 * restarts it with {@link #restart}; the data directory is kept.
 *
 * <p>Thread-safe.
 */
public final class TestPostgres {

  private TestPostgres() {}

  /** Starts a new server named {@code name} (its data directory and log file name). */
  public static PostgresProcess start(String name) {
    PostgresProcess server = PostgresProcess.start(Fixtures.newDataDir("postgres-" + name),
        Fixtures.logFile("postgres-" + name), Ports.free());
    Fixtures.register("postgres-" + name, server);
    return server;
  }

  /** Starts {@code stopped}'s data directory again on its port (after a kill or a stop). */
  public static PostgresProcess restart(PostgresProcess stopped) {
    PostgresProcess server = PostgresProcess.start(stopped.dataDir(), stopped.process().logFile(), stopped.port());
    Fixtures.register("postgres-restarted", server);
    return server;
  }
}
