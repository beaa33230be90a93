package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.kafka.FakeEventPublisher;
import dev.tributary.ingest.kafka.OutgoingEvent;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.webhook.WebhookEventIds;
import dev.tributary.ingest.webhook.WebhookSignature;
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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/webhooks/{source}} over real HTTP: signatures, replays, mapping errors, metrics. */
class WebhookRoutesTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static final String SECRET = "whsec_test_secret";
  private static final String BODY = "{\"id\":\"evt_1N\",\"type\":\"invoice.paid\",\"created\":1748779190,"
      + "\"data\":{\"object\":{\"customer\":\"cus_9\",\"amount_paid\":1990}}}";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final FakeEventPublisher fake = new FakeEventPublisher();
  private final Vertx vertx = Vertx.vertx();
  private HttpServer server;

  @BeforeEach
  void start() {
    Map<String, String> config = new HashMap<>(Map.of("ingest.write.keys", "write-key:web", "http.port", "0",
        "ingest.produce.timeout.ms", "500", "ingest.webhook.secrets", "stripe:" + SECRET + ",crm:crm-secret",
        "ingest.webhook.mappings", "stripe.user_id=/data/object/customer,stripe.timestamp=/created"));
    IngestSettings settings = IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), config));
    server = vertx.createHttpServer()
        .requestHandler(IngestRouter.create(vertx, settings, fake, Clock.fixed(NOW, ZoneOffset.UTC)))
        .listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void shouldStoreSignedDeliveryAsEventOfItsSource() throws Exception {
    HttpResponse<String> response = post("/v1/webhooks/stripe", signed(T, BODY, SECRET), BODY);

    assertThat(response.statusCode()).isEqualTo(200);
    String eventId = WebhookEventIds.fromProviderId("stripe", "evt_1N");
    assertThat(json(response).get("event_id").textValue()).isEqualTo(eventId);
    assertThat(fake.published()).singleElement().satisfies(e -> {
      assertThat(e.key()).isEqualTo("cus_9");
      assertThat(e.value().getSource()).isEqualTo("stripe");
      assertThat(e.value().getEventId()).isEqualTo(eventId);
      JsonNode payload = EventJson.parse(e.value().getPayload().getBytes(StandardCharsets.UTF_8));
      assertThat(payload.get("event").textValue()).isEqualTo("invoice.paid");
      assertThat(payload.get("timestamp").textValue()).isEqualTo("2025-06-01T11:59:50Z");
      assertThat(payload.at("/properties/data/object/amount_paid").intValue()).isEqualTo(1990);
    });
  }

  @Test
  void shouldAnswerReplayWith2xxAndSameEventIdSoStreamsDropsTheCopy() throws Exception {
    HttpResponse<String> first = post("/v1/webhooks/stripe", signed(T - 10, BODY, SECRET), BODY);
    HttpResponse<String> replay = post("/v1/webhooks/stripe", signed(T - 10, BODY, SECRET), BODY);
    HttpResponse<String> resigned = post("/v1/webhooks/stripe", signed(T, BODY, SECRET), BODY);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(resigned.statusCode()).isEqualTo(200);
    assertThat(fake.published()).extracting(e -> e.value().getEventId()).containsOnly(json(first).get("event_id").textValue());
  }

  @Test
  void shouldRefuseWrongSignatureWith401AndCountIt() throws Exception {
    HttpResponse<String> response = post("/v1/webhooks/stripe", signed(T, BODY, "not-the-secret"), BODY);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").textValue()).isEqualTo("invalid_signature");
    assertThat(json(response).get("field").textValue()).isEqualTo("Tributary-Signature");
    assertThat(json(response).get("rule").textValue()).isEqualTo("mismatch");
    assertThat(fake.published()).isEmpty();
    assertThat(metrics()).contains("ingest_webhook_signature_failures_total{reason=\"mismatch\",source=\"stripe\"} 1.0");
  }

  @Test
  void shouldRefuseMissingSignatureWith401() throws Exception {
    HttpResponse<String> response = post("/v1/webhooks/stripe", null, BODY);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("rule").textValue()).isEqualTo("missing");
    assertThat(metrics()).contains("ingest_webhook_signature_failures_total{reason=\"missing\",source=\"stripe\"} 1.0");
  }

  @Test
  void shouldRefuseStaleDeliveryWith401NamingTheRule() throws Exception {
    HttpResponse<String> response = post("/v1/webhooks/stripe", signed(T - 301, BODY, SECRET), BODY);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("rule").textValue()).isEqualTo("timestamp_too_old");
    assertThat(json(response).get("message").textValue()).contains("ingest.webhook.tolerance.ms");
    assertThat(fake.published()).isEmpty();
  }

  @Test
  void shouldNotAcceptOneSourcesSignatureForAnother() throws Exception {
    HttpResponse<String> response = post("/v1/webhooks/crm", signed(T, BODY, SECRET), BODY);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldAnswerUnknownSourceWith404Json() throws Exception {
    HttpResponse<String> response = post("/v1/webhooks/github", signed(T, BODY, SECRET), BODY);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").textValue()).isEqualTo("unknown_webhook_source");
    assertThat(response.body()).doesNotContain("stripe");
  }

  @Test
  void shouldAnswerMissingMappedFieldWith400NamingIt() throws Exception {
    String body = "{\"id\":\"evt_2\",\"type\":\"ping\",\"created\":1748779190}";

    HttpResponse<String> response = post("/v1/webhooks/stripe", signed(T, body, SECRET), body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("field").textValue()).isEqualTo("/data/object/customer");
    assertThat(json(response).get("rule").textValue()).isEqualTo("required");
  }

  @Test
  void shouldIgnoreAuthorizationHeaderOnWebhookRoutes() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri("/v1/webhooks/stripe"))
        .header(WebhookSignature.HEADER, signed(T, BODY, SECRET)).header("Authorization", "Bearer provider-token")
        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();

    assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  private static String signed(long t, String body, String secret) {
    return "t=" + t + ",v1=" + WebhookSignature.sign(t, body.getBytes(StandardCharsets.UTF_8),
        secret.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String path, String signature, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      b.header(WebhookSignature.HEADER, signature);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String metrics() throws Exception {
    return client.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }
}
