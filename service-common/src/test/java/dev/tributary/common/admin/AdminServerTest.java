package dev.tributary.common.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AdminSettings ANY_PORT = new AdminSettings("127.0.0.1", 0);

  private final AtomicReference<Check> health = new AtomicReference<>(Check.passing("thread alive"));
  private final AtomicReference<Check> ready = new AtomicReference<>(Check.failing("state REBALANCING"));
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private AdminServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldAnswer200WithTheDetailWhenHealthy() throws Exception {
    start();

    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"detail\":\"thread alive\"}");
  }

  @Test
  void shouldAnswer503UntilReadyThen200() throws Exception {
    start();

    HttpResponse<String> before = get("/readyz");
    ready.set(Check.passing("state RUNNING"));
    HttpResponse<String> after = get("/readyz");

    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).isEqualTo("{\"status\":\"unavailable\",\"detail\":\"state REBALANCING\"}");
    assertThat(after.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer503NamingTheExceptionWhenAProbeThrows() throws Exception {
    server = AdminServer.start("test", ANY_PORT, () -> {
      throw new IllegalStateException("boom");
    }, ready::get, registry::scrape);

    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("IllegalStateException: boom");
  }

  @Test
  void shouldServeThePrometheusTextFormat() throws Exception {
    Counter.builder("sink.rows.inserted").tag("table", "events").register(registry).increment(3);
    start();

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(AdminServer.PROMETHEUS_CONTENT_TYPE);
    assertThat(response.body()).contains("# TYPE sink_rows_inserted_total counter")
        .contains("sink_rows_inserted_total{table=\"events\"} 3.0");
  }

  @Test
  void shouldAnswer404ForAnUnknownPath() throws Exception {
    start();

    assertThat(get("/v1/events").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldAnswer405ForAPost() throws Exception {
    start();

    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/readyz"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  @Test
  void shouldRefuseToStartOnATakenPortNamingTheSetting() {
    start();
    AdminSettings taken = new AdminSettings("127.0.0.1", server.port());
    Supplier<Check> ok = () -> Check.passing("");

    assertThatThrownBy(() -> AdminServer.start("second", taken, ok, ok, () -> ""))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("admin.port");
  }

  private void start() {
    server = AdminServer.start("test", ANY_PORT, health::get, ready::get, registry::scrape);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
