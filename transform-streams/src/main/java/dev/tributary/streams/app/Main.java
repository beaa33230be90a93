package dev.tributary.streams.app;

import dev.tributary.common.config.LayeredConfig;
import dev.tributary.streams.config.StreamsSettings;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the transform service: reads the environment (and {@code TRIBUTARY_CONFIG_FILE}),
 * logs the effective configuration with secrets masked, runs {@link StreamsApplication} until
 * SIGTERM, and exits non-zero when processing stopped on a fatal error so a supervisor restarts it.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    LayeredConfig config;
    try {
      config = LayeredConfig.load(StreamsSettings.definition(), System.getenv(), Map.of());
    } catch (ConfigException e) {
      log.error("Cannot start transform-streams: {}", e.getMessage());
      System.exit(2);
      return;
    }
    log.info("transform-streams configuration:\n{}", config.describe());
    StreamsApplication app = StreamsApplication.start(StreamsSettings.from(config));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "transform-streams-shutdown"));
    State end = app.awaitTermination();
    if (end == State.ERROR) {
      log.error("transform-streams stopped on a fatal error; exiting with status 1");
      System.exit(1);
    }
  }
}
