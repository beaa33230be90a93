package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.experiments.Fixtures;
import dev.tributary.ingest.kafka.FakeEventPublisher;
import dev.tributary.ingest.validation.EventJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET|POST /v1/experiments/assignments} over real HTTP on an ephemeral port. */
class AssignmentRoutesTest {

  private static final String KEY = "test-key";
  private static final String PATH = "/v1/experiments/assignments";
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<Definitions> definitions = new AtomicReference<>(
      ((DefinitionsParser.Valid) DefinitionsParser.parse(Fixtures.file("1"), Fixtures.METRICS)).definitions());
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    IngestSettings settings = IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), Map.of(
        "ingest.write.keys", KEY + ":web", "http.port", "0")));
    server = vertx.createHttpServer()
        .requestHandler(IngestRouter.create(vertx, settings, new FakeEventPublisher(), Clock.systemUTC(),
            new IngestMetrics(), ReadinessCheck.alwaysReady(), definitions::get))
        .listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void shouldAnswerTheUsersVariantForAQueryWithTheKeyInTheHeader() throws Exception {
    HttpResponse<String> response = get(PATH + "?user_id=b", "Bearer " + KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode e = json(response).get("experiments").get(0);
    assertThat(e.get("key").textValue()).isEqualTo("gb-vector");
    assertThat(e.get("variation_id").textValue()).isEqualTo("blue");
    assertThat(e.get("hash_value").doubleValue()).isEqualTo(0.2696);
  }

  @Test
  void shouldReadTheDefinitionsInForceOnEveryRequest() throws Exception {
    definitions.set(Definitions.EMPTY);

    assertThat(json(get(PATH + "?anonymous_id=a1", "Bearer " + KEY)).get("experiments")).isEmpty();
  }

  @Test
  void shouldAnswerABodyWithTheWriteKeyInside() throws Exception {
    HttpResponse<String> response = post("{\"writeKey\": \"" + KEY + "\", \"anonymous_id\": \"a\"}", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("hash_attribute").textValue()).isEqualTo("anonymous_id");
    assertThat(json(response).get("experiments").get(0).get("variation_index").intValue()).isZero();
  }

  @Test
  void shouldAnswer400NamingTheFieldWhenNoIdIsGiven() throws Exception {
    HttpResponse<String> response = get(PATH + "?user_id=", "Bearer " + KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").textValue()).isEqualTo("invalid_request");
    assertThat(json(response).get("field").textValue()).isEqualTo("user_id");
    assertThat(json(response).get("rule").textValue()).isEqualTo("required");
    assertThat(post("{\"user_id\": 7}", "Bearer " + KEY).statusCode()).isEqualTo(400);
  }

  @Test
  void shouldAnswer401ForAMissingOrUnknownKey() throws Exception {
    assertThat(get(PATH + "?user_id=u1", null).statusCode()).isEqualTo(401);
    assertThat(get(PATH + "?user_id=u1", "Bearer nope").statusCode()).isEqualTo(401);
    assertThat(post("{\"user_id\": \"u1\"}", null).statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> get(String pathAndQuery, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String json, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + PATH))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }
}
