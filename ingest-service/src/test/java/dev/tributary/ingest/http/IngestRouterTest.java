package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.kafka.BoundedEventPublisher;
import dev.tributary.ingest.kafka.EventPublisher;
import dev.tributary.ingest.kafka.FakeEventPublisher;
import dev.tributary.ingest.kafka.OutgoingEvent;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** The routes over real HTTP on an ephemeral port, against the in-memory publisher. */
class IngestRouterTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String KEY = "test-key";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final FakeEventPublisher fake = new FakeEventPublisher();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = serve(fake);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void shouldAnswerHealthCheckWithoutWriteKey() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/healthz")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void shouldPublishSingleEventWithSourceKeyAndReceivedAt() throws Exception {
    HttpResponse<String> response = post("/v1/events", bearer(KEY), "{'event':'signup','user_id':'u1','event_id':'e1'}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("event_id").textValue()).isEqualTo("e1");
    assertThat(fake.published()).singleElement().satisfies(e -> {
      assertThat(e.key()).isEqualTo("u1");
      assertThat(e.value().getSource()).isEqualTo("web");
      assertThat(e.value().getReceivedAt()).isEqualTo(NOW);
      assertThat(e.value().getRequestId()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    });
  }

  @Test
  void shouldAcceptWriteKeyAsBasicUserName() throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = post("/v1/events", basic, "{'event':'signup','anonymous_id':'a1'}");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseRequestWithoutWriteKey() throws Exception {
    HttpResponse<String> response = post("/v1/events", null, "{'event':'signup','user_id':'u1'}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").textValue()).isEqualTo("unauthorized");
    assertThat(fake.published()).isEmpty();
  }

  @Test
  void shouldRefuseUnknownWriteKey() throws Exception {
    HttpResponse<String> response = post("/v1/batch", bearer("wrong-key"), "[{'event':'signup','user_id':'u1'}]");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain("wrong-key");
  }

  @Test
  void shouldAnswer400ForMalformedJson() throws Exception {
    HttpResponse<String> response = post("/v1/events", bearer(KEY), "{'event':");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").textValue()).isEqualTo("malformed_json");
  }

  @Test
  void shouldAnswer400NamingFieldAndRuleOfInvalidEvent() throws Exception {
    HttpResponse<String> response = post("/v1/events", bearer(KEY), "{'event':'signup'}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").textValue()).isEqualTo("invalid_event");
    assertThat(json(response).get("field").textValue()).isEqualTo("user_id");
    assertThat(json(response).get("rule").textValue()).isEqualTo("required");
  }

  @Test
  void shouldAnswer413WithJsonForOversizeBody() throws Exception {
    String big = "[" + "{'event':'e','user_id':'u'},".repeat(200) + "{'event':'e','user_id':'u'}]";

    HttpResponse<String> response = post("/v1/batch", bearer(KEY), big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("error").textValue()).isEqualTo("payload_too_large");
    assertThat(fake.published()).isEmpty();
  }

  @Test
  void shouldPublishGoodItemsOfMixedBatchAndReportBadOnes() throws Exception {
    HttpResponse<String> response = post("/v1/batch", bearer(KEY),
        "{'batch':[{'event':'a','user_id':'u1'},{'event':'b'},{'event':'c','anonymousId':'a3'},7]}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("accepted").intValue()).isEqualTo(2);
    assertThat(body.get("rejected")).extracting(r -> r.get("index").intValue() + ":" + r.get("rule").textValue())
        .containsExactly("1:required", "3:object");
    assertThat(fake.published()).extracting(OutgoingEvent::key).containsExactly("u1", "a3");
  }

  @Test
  void shouldAcceptBareArrayAsBatch() throws Exception {
    HttpResponse<String> response = post("/v1/batch", bearer(KEY), "[{'event':'a','user_id':'u1'}]");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(fake.published()).hasSize(1);
  }

  @Test
  void shouldAnswer400WhenEveryBatchItemIsRejected() throws Exception {
    HttpResponse<String> response = post("/v1/batch", bearer(KEY), "[{'event':'a'},{'user_id':'u1'}]");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("accepted").intValue()).isZero();
    assertThat(json(response).get("rejected")).hasSize(2);
    assertThat(fake.published()).isEmpty();
  }

  @Test
  void shouldAnswer400ForBodyThatIsNotABatch() throws Exception {
    HttpResponse<String> response = post("/v1/batch", bearer(KEY), "{'event':'a','user_id':'u1'}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").textValue()).isEqualTo("invalid_batch");
    assertThat(json(response).get("field").textValue()).isEqualTo("batch");
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenPublishFails() throws Exception {
    fake.mode(FakeEventPublisher.Mode.FAIL);

    HttpResponse<String> response = post("/v1/events", bearer(KEY), "{'event':'a','user_id':'u1'}");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(response).get("error").textValue()).isEqualTo("unavailable");
  }

  @ParameterizedTest
  @EnumSource(value = FakeEventPublisher.Mode.class, names = {"FAIL", "HOLD"})
  void shouldLogEveryUnstoredRequestAtWarnWithItsRequestId(FakeEventPublisher.Mode mode) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(Publication.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    fake.mode(mode);
    HttpResponse<String> response;
    try {
      response = post("/v1/events", bearer(KEY), "{'event':'a','user_id':'u1'}");
    } finally {
      logger.detachAppender(captured);
    }

    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(captured.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("Request " + requestId).contains("1 events not");
    });
  }

  @Test
  void shouldAnswer503AtOnceWhenTooManyEventsAreInFlight() throws Exception {
    vertx.close().await();
    vertx = Vertx.vertx();
    fake.mode(FakeEventPublisher.Mode.HOLD);
    server = serve(new BoundedEventPublisher(fake, 1));
    CompletableFuture<HttpResponse<String>> first = postAsync("/v1/events", "{'event':'a','user_id':'u1'}");

    await().until(() -> fake.heldCount() == 1);

    HttpResponse<String> second = post("/v1/events", bearer(KEY), "{'event':'b','user_id':'u2'}");
    fake.releaseHeld();

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).contains("1");
    assertThat(first.get().statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer503WhenKafkaDoesNotAcknowledgeInTime() throws Exception {
    fake.mode(FakeEventPublisher.Mode.HOLD);

    HttpResponse<String> response = post("/v1/events", bearer(KEY), "{'event':'a','user_id':'u1'}");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
  }

  @Test
  void shouldAnswerJson404ForUnknownRoute() throws Exception {
    HttpResponse<String> response = post("/v1/nothing", bearer(KEY), "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").textValue()).isEqualTo("not_found");
  }

  private HttpServer serve(EventPublisher publisher) {
    IngestSettings settings = IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), Map.of(
        "ingest.write.keys", KEY + ":web,other-key:mobile",
        "http.port", "0",
        "ingest.max.batch.bytes", "2048",
        "ingest.produce.timeout.ms", "500")));
    return vertx.createHttpServer()
        .requestHandler(IngestRouter.create(vertx, settings, publisher, Clock.fixed(NOW, ZoneOffset.UTC)))
        .listen(0, "127.0.0.1")
        .await();
  }

  private HttpResponse<String> post(String path, String authorization, String singleQuotedJson) throws Exception {
    return client.send(request(path, authorization, singleQuotedJson), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String path, String singleQuotedJson) {
    return client.sendAsync(request(path, bearer(KEY), singleQuotedJson), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path, String authorization, String singleQuotedJson) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(singleQuotedJson.replace('\'', '"')));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  private static String bearer(String key) {
    return "Bearer " + key;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }
}
