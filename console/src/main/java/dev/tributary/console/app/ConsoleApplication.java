package dev.tributary.console.app;

import dev.tributary.console.clickhouse.JdbcWarehouse;
import dev.tributary.console.config.ConsoleSettings;
import dev.tributary.console.experiments.DefinitionsFile;
import dev.tributary.console.experiments.ExperimentResultEndpoint;
import dev.tributary.console.experiments.ExperimentResultQueries;
import dev.tributary.console.http.AnswerBodies;
import dev.tributary.console.http.BasicAuth;
import dev.tributary.console.http.ConsoleRouter;
import dev.tributary.console.query.ConsoleEndpoints;
import dev.tributary.console.query.ConsoleViews;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running console: checks that its ClickHouse user is read-only, then serves the page and the
 * JSON endpoints on {@code http.host:http.port}. Built by {@link Main} and by the browser test.
 *
 * <p>Thread-safe: {@link #close()} is synchronized and idempotent.
 */
public final class ConsoleApplication implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleApplication.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  /** Warehouse queries run at once at most; more wait in the worker queue. */
  static final int WORKERS = 4;

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final HttpServer server;
  private final JdbcWarehouse warehouse;
  private boolean closed;

  private ConsoleApplication(Vertx vertx, WorkerExecutor workers, HttpServer server, JdbcWarehouse warehouse) {
    this.vertx = vertx;
    this.workers = workers;
    this.server = server;
    this.warehouse = warehouse;
  }

  /** Starts the console; fails (nothing left running) when its user can write or the port is taken. */
  public static ConsoleApplication start(ConsoleSettings settings, Clock clock) {
    String password = settings.clickhousePassword().value();
    try (JdbcWarehouse system = new JdbcWarehouse(settings.clickhouseUrl(), "system", settings.clickhouseUser(),
        password, settings.clickhouseTimeout(), 10, 1)) {
      ReadOnlyCheck.require(system, settings.clickhouseUser());
    }
    // one connection per worker: a query never waits for a connection, only for a worker
    JdbcWarehouse warehouse = new JdbcWarehouse(settings.clickhouseUrl(), settings.clickhouseDatabase(),
        settings.clickhouseUser(), password, settings.clickhouseTimeout(), settings.maxRows(), WORKERS);
    ConsoleViews views = new ConsoleViews(settings.clickhouseDatabase());
    Vertx vertx = Vertx.vertx();
    try {
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("console-warehouse", WORKERS,
          settings.clickhouseTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      HttpServer server = vertx.createHttpServer()
          .requestHandler(ConsoleRouter.create(vertx, workers, new ConsoleEndpoints(views),
              new ExperimentResultEndpoint(new DefinitionsFile(settings.experimentDefinitions()),
                  new ExperimentResultQueries(settings.clickhouseDatabase())),
              warehouse, BasicAuth.of(settings.user(), settings.password().value()), clock, pageSettings(settings)))
          .listen(settings.httpPort(), settings.httpHost())
          .await(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Console listening on http://{}:{}/ (reading database {} as {}{})", settings.httpHost(),
          server.actualPort(), settings.clickhouseDatabase(), settings.clickhouseUser(),
          settings.passwordProtected() ? ", password protected" : "");
      return new ConsoleApplication(vertx, workers, server, warehouse);
    } catch (Exception e) {
      vertx.close();
      warehouse.close();
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("the console did not start: " + e.getMessage(), e);
    }
  }

  /** What the page reads from {@code /api/settings}. */
  static String pageSettings(ConsoleSettings settings) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("refresh_ms", settings.refresh().toMillis());
    page.put("database", settings.clickhouseDatabase());
    page.put("clickhouse_user", settings.clickhouseUser());
    page.put("views", ConsoleViews.all());
    page.put("experiment_definitions", settings.experimentDefinitions().isPresent());
    return AnswerBodies.write(page);
  }

  /** The port the console listens on (the chosen one when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("console HTTP server did not stop cleanly", e);
    }
    workers.close();
    vertx.close();
    warehouse.close();
  }
}
