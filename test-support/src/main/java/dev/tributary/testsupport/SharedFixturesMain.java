package dev.tributary.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon of {@link SharedFixtures}: starts the registry (with the Kafka broker it stores into) and
 * ClickHouse as the per-JVM fixtures do, writes where they answer, and lives as long as the Maven
 * process it was started for; then its shutdown hook stops them and deletes their data.
 * Arguments: the shared directory and the owner's pid.
 */
public final class SharedFixturesMain {

  private static final Logger LOG = LoggerFactory.getLogger(SharedFixturesMain.class);
  /** Consecutive checks, a second apart, that must all find the owner gone before the daemon stops. */
  static final int GONE_CHECKS = 5;

  private SharedFixturesMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long owner = Long.parseLong(args[1]);
    // without the "ended" line below, a stop in the log was a signal or a fatal error of the JVM
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LOG.info("The shared fixtures' JVM is shutting down"),
        "shared-fixtures-exit-log"));
    SharedFixtures.Addresses addresses = new SharedFixtures.Addresses(TestRegistry.baseUrl(), TestClickHouse.httpUrl(),
        TestClickHouse.tcpPort());
    SharedFixtures.write(dir, owner, addresses);
    LOG.info("Serving the Maven run with pid {}: registry {}, ClickHouse {}", owner, addresses.registryBaseUrl(),
        addresses.clickhouseHttpUrl());
    int gone = 0;
    while (gone < GONE_CHECKS) {
      Thread.sleep(1_000);
      gone = alive(owner) ? 0 : gone + 1;
    }
    LOG.info("The Maven run with pid {} ended ({} checks a second apart found it gone); stopping the shared fixtures",
        owner, GONE_CHECKS);
    System.exit(0);
  }

  /** Alive by either of two readings, so that one failed read never ends the run's fixtures. */
  static boolean alive(long pid) {
    boolean procEntry = Files.isDirectory(Path.of("/proc")) && Files.exists(Path.of("/proc", Long.toString(pid)));
    return procEntry || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
