package dev.tributary.console.app;

import dev.tributary.common.app.ServiceMain;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.console.config.ConsoleSettings;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analyst console as a process: configuration from the environment (and the file named by
 * {@code TRIBUTARY_CONFIG_FILE}), a shutdown hook for SIGTERM. Exit statuses follow
 * {@link ServiceMain}: 2 for invalid configuration (including a ClickHouse user that can write),
 * 1 when it could not start.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    ServiceMain.run("console", () -> {
      LayeredConfig config = ConsoleSettings.resolve(System.getenv(), Map.of());
      ConsoleSettings settings = ConsoleSettings.from(config);
      LOG.info("Console configuration:\n{}", config.describe());
      ConsoleApplication app = ConsoleApplication.start(settings, Clock.systemUTC());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        app.close();
        stopped.countDown();
      }, "console-shutdown"));
      stopped.await();
      return 0;
    });
  }
}
