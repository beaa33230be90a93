package dev.tributary.common.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoints of the services that have no HTTP server of their own (streams, sink):
 * {@code GET /healthz} (liveness: a supervisor restarts the process on 503), {@code GET /readyz}
 * (readiness: launchers and load balancers wait for 200) and {@code GET /metrics} (Prometheus text
 * exposition). Built on the JDK's {@link HttpServer} so that the Kafka services need no web
 * framework; the ingest service serves the same three routes from its own router.
 *
 * <p>Answers: 200 or 503 with {@code {"status":"ok"|"unavailable","detail":...}} for the probes,
 * 200 {@code text/plain; version=0.0.4} for the scrape, 404 for another path, 405 for another
 * method. A probe that throws answers 503 naming the exception.
 *
 * <p>Thread-safe: requests are served one at a time on one daemon thread, so the suppliers must be
 * thread-safe and quick (they read volatile state; none may block on Kafka or ClickHouse).
 */
public final class AdminServer implements AutoCloseable {

  /** The content type Prometheus expects for the text exposition format. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts serving.
   *
   * @param service the service's name, for the thread and the log
   * @param health liveness probe
   * @param ready readiness probe
   * @param scrape the Prometheus text exposition of the service's meters
   * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken), naming
   *     the setting to change
   */
  public static AdminServer start(String service, AdminSettings settings, Supplier<Check> health,
      Supplier<Check> ready, Supplier<String> scrape) {
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(ready, "ready");
    Objects.requireNonNull(scrape, "scrape");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the admin endpoints of " + service + " on " + settings.host()
          + ":" + settings.port() + " (" + e.getMessage() + "); set admin.port to a free port", e);
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, service + "-admin");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        handle(exchange, health, ready, scrape);
      } catch (IOException | RuntimeException e) {
        LOG.debug("Admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      }
    });
    server.start();
    AdminServer admin = new AdminServer(server, executor);
    LOG.info("{} admin endpoints on http://{}:{}/ (healthz, readyz, metrics)", service, settings.host(), admin.port());
    return admin;
  }

  /** The bound port (the chosen one when configured with 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, Supplier<Check> health, Supplier<Check> ready,
      Supplier<String> scrape) throws IOException {
    String path = exchange.getRequestURI().getPath();
    boolean known = path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
    if (!known) {
      send(exchange, 404, "application/json", problem("not_found", "no such route; use /healthz, /readyz or /metrics"));
      return;
    }
    if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
      send(exchange, 405, "application/json", problem("method_not_allowed", "use GET"));
      return;
    }
    switch (path) {
      case "/healthz" -> probe(exchange, health);
      case "/readyz" -> probe(exchange, ready);
      default -> send(exchange, 200, PROMETHEUS_CONTENT_TYPE, scrape.get());
    }
  }

  private static void probe(HttpExchange exchange, Supplier<Check> probe) throws IOException {
    Check check;
    try {
      check = probe.get();
    } catch (RuntimeException e) {
      check = Check.failing("probe failed: " + e);
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("status", check.ok() ? "ok" : "unavailable");
    body.put("detail", check.detail());
    send(exchange, check.ok() ? 200 : 503, "application/json", body.toString());
  }

  private static String problem(String error, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", error);
    body.put("message", message);
    return body.toString();
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
    if (!head && bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
