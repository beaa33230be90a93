package dev.tributary.sink.app;

import dev.tributary.common.config.LayeredConfig;
import dev.tributary.sink.config.SinkSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the warehouse sink as a process: configuration from the environment (and the file named
 * by {@code TRIBUTARY_CONFIG_FILE}), a shutdown hook for SIGTERM, exit status 1 after a fatal
 * error, 2 for invalid configuration.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    SinkSettings settings;
    try {
      LayeredConfig config = LayeredConfig.load(SinkSettings.definition(), System.getenv(), Map.of());
      LOG.info("Warehouse sink configuration:\n{}", config.describe());
      settings = SinkSettings.from(config);
    } catch (ConfigException e) {
      LOG.error("{}", e.getMessage());
      System.exit(2);
      return;
    }
    SinkApplication app = SinkApplication.start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "warehouse-sink-shutdown"));
    while (!app.awaitTermination(Duration.ofHours(1))) {
      // keep the main thread alive while the sink runs
    }
    if (app.state() == SinkApplication.State.FAILED) {
      System.exit(1);
    }
  }
}
