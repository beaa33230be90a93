package dev.tributary.console.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.console.experiments.DefinitionsFile;
import dev.tributary.console.experiments.ExperimentResultEndpoint;
import dev.tributary.console.experiments.ExperimentResultFixtures;
import dev.tributary.console.experiments.ExperimentResultQueries;
import dev.tributary.console.query.ConsoleEndpoints;
import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.ConsoleViews;
import dev.tributary.console.warehouse.QueryResult;
import dev.tributary.console.warehouse.Warehouse;
import dev.tributary.console.warehouse.WarehouseException;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConsoleRouterTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
  private static final QueryResult ROWS = new QueryResult(List.of("t", "events"), List.of(List.of(60L, 3L)), 2);

  /** One Vert.x for all tests (starting one per test costs seconds on a busy machine); a server per test. */
  private static Vertx vertx;
  private static WorkerExecutor workers;
  private final List<ConsoleQuery> ran = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("test", 2);
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  private String start(Warehouse warehouse, String password) throws Exception {
    return start(warehouse, password, Optional.empty());
  }

  private String start(Warehouse warehouse, String password, Optional<Path> definitions) throws Exception {
    server = vertx.createHttpServer().requestHandler(ConsoleRouter.create(vertx, workers,
        new ConsoleEndpoints(new ConsoleViews("tributary")), new ExperimentResultEndpoint(
            new DefinitionsFile(definitions), new ExperimentResultQueries("tributary")), warehouse,
        BasicAuth.of("analyst", password), CLOCK, "{\"refresh_ms\":5000}"))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The result views' answers of ExperimentResultEndpointTest, by query. */
  private Warehouse resultViews() {
    return q -> {
      ran.add(q);
      return q.name().endsWith(".sums") ? ExperimentResultFixtures.SUMS : ExperimentResultFixtures.EXPOSURES;
    };
  }

  private static Path definitionsFile() throws Exception {
    Path file = Files.createTempFile("console-experiments", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, ExperimentResultFixtures.definitions());
    return file;
  }

  @Test
  void shouldAnswerAnExperimentsResultWithTheReportAndBothQueries() throws Exception {
    String base = start(resultViews(), "", Optional.of(definitionsFile()));
    HttpResponse<String> response = get(base + "/api/experiments/result?experiment=checkout&phase=1");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.path("queries")).hasSize(2);
    assertThat(body.path("queries").get(0).path("sql").asText()).contains("experiment_sums_v")
        .contains("experiment_key = 'checkout' AND phase = 1");
    assertThat(body.path("report").path("experiment").asText()).isEqualTo("checkout");
    assertThat(body.path("report").path("variants").get(1).path("units").asLong()).isEqualTo(2034);
    assertThat(body.path("report").path("metrics").get(0).path("comparisons").get(0).path("relative")
        .path("sequential").path("ci")).hasSize(2);
  }

  @Test
  void shouldAnswerAnExperimentsResultAsCsvOneRowPerMetricAndVariant() throws Exception {
    String base = start(resultViews(), "", Optional.of(definitionsFile()));
    HttpResponse<String> response = get(base + "/api/experiments/result?experiment=checkout&format=csv");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-disposition")).hasValue(
        "attachment; filename=\"experiment-checkout-phase-1.csv\"");
    List<String> lines = response.body().lines().toList();
    assertThat(lines.get(0)).startsWith("metric,role,kind,variation_id,units,value,relative_effect,fixed_ci_low");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("purchase_conversion_rate,primary,proportion,green,2034,"));
  }

  @Test
  void shouldAnswer503WithoutExperimentDefinitionsAnd400ForABadPhase() throws Exception {
    String base = start(resultViews(), "");
    HttpResponse<String> unavailable = get(base + "/api/experiments/result?experiment=checkout");
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.body()).contains("definitions_unavailable").contains("experiments.definitions.file");
    HttpResponse<String> bad = get(base + "/api/experiments/result?experiment=checkout&phase=1%20OR%201=1");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"phase\"").contains("\"rule\":\"type\"");
    assertThat(ran).isEmpty();
  }

  private Warehouse recording() {
    return q -> {
      ran.add(q);
      return ROWS;
    };
  }

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerAnEndpointWithItsDataAndSql() throws Exception {
    String base = start(recording(), "");
    HttpResponse<String> response = get(base + "/api/metrics/series?grain=hour&event=signup");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"rows\":[[60,3]]").contains("\"sql\":\"SELECT ")
        .contains("metrics_hour_v").contains("event = 'signup'");
    assertThat(ran).hasSize(1);
  }

  @Test
  void shouldAnswerTheSameQueryAsCsv() throws Exception {
    String base = start(recording(), "");
    HttpResponse<String> response = get(base + "/api/metrics/series?format=csv");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    assertThat(response.body()).isEqualTo("t,events\r\n60,3\r\n");
  }

  @Test
  void shouldAnswer400NamingTheParameterWithoutQuerying() throws Exception {
    String base = start(recording(), "");
    HttpResponse<String> response = get(base + "/api/metrics/series?grain=week");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"grain\"").contains("\"rule\":\"one_of\"");
    assertThat(get(base + "/api/metrics/series?format=xml").body()).contains("\"field\":\"format\"");
    assertThat(get(base + "/api/health/dead-letters?from=abc").body()).contains("\"field\":\"from\"")
        .contains("\"rule\":\"type\"");
    assertThat(ran).isEmpty();
  }

  @Test
  void shouldAnswer502WhenTheWarehouseRefuses() throws Exception {
    String base = start(q -> {
      throw new WarehouseException("Code: 60, table missing", null);
    }, "");
    HttpResponse<String> response = get(base + "/api/experiments");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("warehouse_unavailable").contains("Code: 60");
  }

  @Test
  void shouldAskForThePasswordWhenOneIsSetButNotForHealth() throws Exception {
    String base = start(recording(), "s3cret");
    HttpResponse<String> refused = get(base + "/api/experiments");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(get(base + "/").statusCode()).isEqualTo(401);
    String credentials = Base64.getEncoder().encodeToString("analyst:s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(get(base + "/api/experiments", "Authorization", "Basic " + credentials).statusCode()).isEqualTo(200);
    assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldServeThePageAndTheVendoredChartLibrary() throws Exception {
    String base = start(recording(), "");
    assertThat(get(base + "/").body()).contains("<title>Tributary console</title>");
    HttpResponse<String> uplot = get(base + "/vendor/dist/uPlot.iife.min.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.body()).contains("uPlot");
    assertThat(get(base + "/api/nothing").statusCode()).isEqualTo(404);
  }
}
