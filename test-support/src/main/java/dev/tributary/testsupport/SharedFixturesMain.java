package dev.tributary.testsupport;

import java.nio.file.Path;

/**
 * The daemon of {@link SharedFixtures}: starts the registry (with the Kafka broker it stores into) and
 * ClickHouse as the per-JVM fixtures do, writes where they answer, and lives as long as the Maven
 * process it was started for; then its shutdown hook stops them and deletes their data.
 * Arguments: the shared directory and the owner's pid.
 */
public final class SharedFixturesMain {

  private SharedFixturesMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long owner = Long.parseLong(args[1]);
    SharedFixtures.Addresses addresses = new SharedFixtures.Addresses(TestRegistry.baseUrl(), TestClickHouse.httpUrl(),
        TestClickHouse.tcpPort());
    SharedFixtures.write(dir, owner, addresses);
    while (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(1_000);
    }
    System.exit(0);
  }
}
