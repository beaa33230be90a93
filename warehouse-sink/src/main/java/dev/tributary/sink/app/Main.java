package dev.tributary.sink.app;

import dev.tributary.common.admin.AdminServer;
import dev.tributary.common.admin.ServiceMeters;
import dev.tributary.common.app.ServiceMain;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.sink.kafka.ResumeStrategy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the warehouse sink as a process: configuration from the environment (and the file named
 * by {@code TRIBUTARY_CONFIG_FILE}), a shutdown hook for SIGTERM, and {@code /healthz},
 * {@code /readyz} ({@link SinkProbes}) and {@code /metrics} (insert, Kafka consumer, JVM and audit-ledger meters)
 * on {@code admin.port}. Exit statuses follow
 * {@link ServiceMain}: 2 for invalid configuration, 1 after a failed start or a fatal error.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    ServiceMain.run("warehouse-sink", () -> {
      LayeredConfig config = SinkSettings.resolve(System.getenv(), Map.of());
      SinkSettings settings = SinkSettings.from(config);
      LOG.info("Warehouse sink configuration:\n{}", config.describe());
      return serve(settings, ResumeStrategy.FROM_WAREHOUSE);
    });
  }

  /**
   * Runs the sink with {@code resume} and serves its {@code /healthz}, {@code /readyz} and
   * {@code /metrics} on {@code settings.admin()} until it stops (SIGTERM or a fatal error); returns
   * the exit status. Public for the crash test's negative control, which runs the same process with
   * a weaker resume strategy.
   */
  public static int serve(SinkSettings settings, ResumeStrategy resume) throws InterruptedException {
    PrometheusMeterRegistry metrics = ServiceMeters.prometheus();
    SinkApplication app = SinkApplication.start(settings, resume, metrics);
    AdminServer admin;
    try {
      admin = AdminServer.start("warehouse-sink", settings.admin(), () -> SinkProbes.health(app.state()),
          () -> SinkProbes.ready(app.state(), app.loopStatus()), metrics::scrape);
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
    List<AutoCloseable> chores = List.of(WarehouseChores.auditGauges(settings, metrics),
        WarehouseChores.personSnapshot(settings));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      admin.close();
      for (AutoCloseable chore : chores) {
        try {
          chore.close();
        } catch (Exception e) {
          LOG.warn("A periodic warehouse task (audit gauges, person snapshot) did not stop cleanly", e);
        }
      }
    }, "warehouse-sink-shutdown"));
    while (!app.awaitTermination(Duration.ofHours(1))) {
      // keep the main thread alive while the sink runs
    }
    return app.state() == SinkApplication.State.FAILED ? ServiceMain.EXIT_FATAL : 0;
  }
}
