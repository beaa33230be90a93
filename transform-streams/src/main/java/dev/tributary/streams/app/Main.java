package dev.tributary.streams.app;

import dev.tributary.common.admin.AdminServer;
import dev.tributary.common.admin.ServiceMeters;
import dev.tributary.common.app.ServiceMain;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.topology.TopologySettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the transform service: reads the environment (and {@code TRIBUTARY_CONFIG_FILE}),
 * logs the effective configuration with secrets masked, runs {@link StreamsApplication} until
 * SIGTERM, and serves {@code /healthz}, {@code /readyz} ({@link StreamsProbes}) and {@code /metrics}
 * (Kafka Streams and JVM meters) on {@code admin.port}. Exit statuses follow {@link ServiceMain}: 2 for invalid configuration, 1 when the
 * service failed to start or processing stopped on a fatal error, so a supervisor restarts it.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    ServiceMain.run("transform-streams", () -> {
      LayeredConfig config = StreamsSettings.resolve(System.getenv(), Map.of());
      StreamsSettings settings = StreamsSettings.from(config);
      log.info("transform-streams configuration:\n{}", config.describe());
      Optional<DefinitionsWatcher> definitions = settings.experiments().definitionsFile().map(file ->
          new DefinitionsWatcher(file, MetricCatalogue.bundled().experimentMetrics().keySet()));
      definitions.ifPresent(DefinitionsWatcher::loadFirst);
      definitions.ifPresent(w -> w.start(settings.experiments().pollInterval()));
      try {
        return serve(settings, definitions.isPresent()
            ? settings.topologySettings(definitions.get()::current) : settings.topologySettings());
      } finally {
        definitions.ifPresent(DefinitionsWatcher::close);
      }
    });
  }

  /**
   * Runs the transform service with {@code topology} and serves its {@code /healthz},
   * {@code /readyz} and {@code /metrics} (Kafka Streams and JVM meters) on {@code settings.admin()}
   * until it stops; returns the exit status. Public for the crash test's negative control, which runs
   * the same process with dedupe left out of the topology.
   */
  public static int serve(StreamsSettings settings, TopologySettings topology) throws InterruptedException {
    StreamsApplication app = StreamsApplication.start(settings, topology);
    AdminServer admin;
    try {
      PrometheusMeterRegistry metrics = ServiceMeters.prometheus();
      app.bindMetrics(metrics);
      admin = AdminServer.start("transform-streams", settings.admin(), () -> StreamsProbes.health(app.state()),
          () -> StreamsProbes.ready(app.state()), metrics::scrape);
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      admin.close();
    }, "transform-streams-shutdown"));
    State end = app.awaitTermination();
    if (end == State.ERROR) {
      log.error("transform-streams stopped on a fatal error; exiting with status {}", ServiceMain.EXIT_FATAL);
      return ServiceMain.EXIT_FATAL;
    }
    return 0;
  }
}
