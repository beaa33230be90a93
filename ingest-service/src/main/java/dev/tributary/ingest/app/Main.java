package dev.tributary.ingest.app;

import dev.tributary.common.app.ServiceMain;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.ingest.config.IngestSettings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process entry point: reads the configuration from the environment (and the file named by
 * {@code TRIBUTARY_CONFIG_FILE}), logs it with secrets masked, starts the service and stops it on
 * SIGTERM. The only place of the service that reads the environment; exit statuses follow
 * {@link ServiceMain} (2: invalid configuration, 1: failed to start).
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    ServiceMain.run("ingest-service", () -> {
      LayeredConfig config = IngestSettings.resolve(System.getenv(), Map.of());
      IngestSettings settings = IngestSettings.from(config);
      log.info("Ingest service configuration:\n{}", config.describe());
      IngestApplication app = IngestApplication.start(settings);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "ingest-shutdown"));
      return 0;
    });
  }
}
