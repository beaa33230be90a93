package dev.tributary.ingest.app;

import dev.tributary.common.config.LayeredConfig;
import dev.tributary.ingest.config.IngestSettings;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process entry point: reads the configuration from the environment (and the file named by
 * {@code TRIBUTARY_CONFIG_FILE}), logs it with secrets masked, starts the service and stops it on
 * SIGTERM. The only place of the service that reads the environment or exits the JVM.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    LayeredConfig config;
    try {
      config = LayeredConfig.load(IngestSettings.definition(), System.getenv(), Map.of());
    } catch (ConfigException e) {
      log.error("{}", e.getMessage());
      System.exit(2);
      return;
    }
    log.info("Ingest service configuration:\n{}", config.describe());
    IngestApplication app;
    try {
      app = IngestApplication.start(IngestSettings.from(config));
    } catch (RuntimeException e) {
      log.error("Ingest service failed to start", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "ingest-shutdown"));
  }
}
