package dev.tributary.testsupport;

import dev.tributary.localstack.component.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JVM-wide bookkeeping of the started fixtures: one temporary data root, one log directory, and
 * one shutdown hook that stops every fixture in reverse start order (registry before the Kafka it
 * stores into) and then deletes the data root.
 *
 * <p>Thread-safe (all state guarded by the class lock).
 */
final class Fixtures {

  private static final Logger LOG = LoggerFactory.getLogger(Fixtures.class);
  private static final Deque<Started> STARTED = new ArrayDeque<>();
  private static Path dataRoot;
  private static boolean hookRegistered;

  private record Started(String name, AutoCloseable component) {}

  private Fixtures() {}

  /** A fresh directory for one fixture's data, under the JVM's temporary fixture root. */
  static synchronized Path newDataDir(String name) {
    try {
      if (dataRoot == null) {
        dataRoot = Files.createTempDirectory("tributary-fixtures-");
        registerHook();
      }
      return Files.createDirectories(dataRoot.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a fixture directory", e);
    }
  }

  /**
   * Where fixture process logs go: {@code target/fixture-logs} of the module under test when run
   * from Maven (kept after the run for diagnosis), else the temporary data root.
   */
  static synchronized Path logFile(String name) {
    Path target = Path.of(System.getProperty("user.dir"), "target");
    Path dir = Files.isDirectory(target) ? target.resolve("fixture-logs") : newDataDir("logs");
    return dir.resolve(name + "-" + ProcessHandle.current().pid() + ".log");
  }

  static synchronized void register(String name, AutoCloseable component) {
    registerHook();
    STARTED.push(new Started(name, component));
  }

  private static void registerHook() {
    if (!hookRegistered) {
      hookRegistered = true;
      Runtime.getRuntime().addShutdownHook(new Thread(Fixtures::stopAll, "tributary-fixtures-shutdown"));
    }
  }

  private static synchronized void stopAll() {
    while (!STARTED.isEmpty()) {
      Started s = STARTED.pop();
      try {
        s.component().close();
      } catch (Exception e) {
        LOG.warn("Fixture {} did not stop cleanly", s.name(), e);
      }
    }
    Dirs.deleteRecursively(dataRoot);
  }
}
