package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.kafka.FakeEventPublisher;
import dev.tributary.ingest.validation.EventJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Segment's tracking API routes, write keys in the body, rate limiting, readiness and metrics over real HTTP. */
class SegmentRoutesTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String KEY = "segment-secret-write-key-7f3a";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final FakeEventPublisher fake = new FakeEventPublisher();
  private final Vertx vertx = Vertx.vertx();
  private HttpServer server;

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @ParameterizedTest
  @CsvSource({"/v1/track,track,'\"event\":\"Signed Up\",'", "/v1/identify,identify,''", "/v1/page,page,''",
      "/v1/screen,screen,''", "/v1/group,group,'\"groupId\":\"g1\",'", "/v1/alias,alias,'\"previousId\":\"a0\",'"})
  void shouldStoreEachSegmentCallWithRouteTypeAndMessageIdAsEventId(String path, String type, String extra) throws Exception {
    start(Map.of());

    HttpResponse<String> response = post(path, basic(KEY), "{" + extra + "\"userId\":\"u1\",\"messageId\":\"m-" + type
        + "\",\"traits\":{\"plan\":\"pro\"},\"context\":{\"ip\":\"1.2.3.4\"},\"integrations\":{\"All\":true}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("success").booleanValue()).isTrue();
    assertThat(fake.published()).singleElement().satisfies(e -> {
      JsonNode payload = EventJson.parse(e.value().getPayload().getBytes(StandardCharsets.UTF_8));
      assertThat(e.value().getEventId()).isEqualTo("m-" + type);
      assertThat(payload.get("type").textValue()).isEqualTo(type);
      assertThat(payload.at("/traits/plan").textValue()).isEqualTo("pro");
    });
  }

  @Test
  void shouldTreatImportAsBatchAndTakeWriteKeyFromBody() throws Exception {
    start(Map.of());

    HttpResponse<String> response = post("/v1/import", null, "{\"writeKey\":\"" + KEY + "\",\"sentAt\":\"2025-06-01T11:59:59Z\","
        + "\"batch\":[{\"type\":\"identify\",\"userId\":\"u1\"},{\"type\":\"track\",\"event\":\"e\",\"anonymousId\":\"a1\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("accepted").intValue()).isEqualTo(2);
    assertThat(fake.published()).allSatisfy(e -> {
      assertThat(e.value().getSource()).isEqualTo("web");
      assertThat(e.value().getPayload()).contains("\"sentAt\":\"2025-06-01T11:59:59Z\"").doesNotContain(KEY);
    });
  }

  @Test
  void shouldMarkImportedEventsAsBackfillAndLeaveBatchEventsUnmarked() throws Exception {
    start(Map.of());
    String body = "{\"writeKey\":\"" + KEY + "\",\"batch\":[{\"event\":\"e\",\"userId\":\"u1\"}]}";

    assertThat(post("/v1/import", null, body).statusCode()).isEqualTo(200);
    assertThat(post("/v1/batch", null, body).statusCode()).isEqualTo(200);

    assertThat(fake.published()).extracting(e -> e.value().getBackfill()).containsExactly(true, null);
  }

  @Test
  void shouldPreferHeaderKeyAndRefuseUnknownHeaderKeyEvenWithValidBodyKey() throws Exception {
    start(Map.of());

    HttpResponse<String> response = post("/v1/batch", "Bearer wrong", "{\"writeKey\":\"" + KEY + "\",\"batch\":[{\"event\":\"e\",\"userId\":\"u\"}]}");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldAcceptGzipBody() throws Exception {
    start(Map.of());
    byte[] gz = GzipBodyTest.gzip("{\"event\":\"e\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/v1/track"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gz)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(fake.published()).hasSize(1);
  }

  /**
   * The request a Segment-style Node SDK sends (issue 8): a gzipped batch labelled
   * {@code application/x-www-form-urlencoded}, Basic auth with the write key as user name, built
   * here header by header and written to the socket exactly as it stands, so no HTTP client adds,
   * drops or normalises anything.
   */
  @Test
  void shouldStoreGzippedBatchLabelledFormUrlencodedReplayedByteForByte() throws Exception {
    start(Map.of());
    byte[] body = GzipBodyTest.gzip(("{\"batch\":[{\"type\":\"track\",\"event\":\"Order Completed\","
        + "\"properties\":{\"revenue\":19.9,\"currency\":\"EUR\"},\"userId\":\"user-42\","
        + "\"messageId\":\"node-5b1c2f0e9a7d4c3b8e6f-1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f\","
        + "\"timestamp\":\"2025-06-01T11:59:58.123Z\",\"context\":{\"library\":{\"name\":\"@segment/analytics-node\","
        + "\"version\":\"2.1.3\"}},\"_metadata\":{\"nodeVersion\":\"20.11.1\",\"jsRuntime\":\"node\"}}],"
        + "\"writeKey\":\"" + KEY + "\",\"sentAt\":\"2025-06-01T11:59:59.001Z\"}").getBytes(StandardCharsets.UTF_8));
    byte[] head = ("POST /v1/batch HTTP/1.1\r\n"
        + "Accept: application/json, text/plain, */*\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n"
        + "user-agent: analytics-node/2.1.3\r\n"
        + "Content-Encoding: gzip\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Accept-Encoding: gzip, compress, deflate, br\r\n"
        + "Host: api.segment.io\r\n"
        + "Authorization: " + basic(KEY) + "\r\n"
        + "Connection: close\r\n"
        + "\r\n").getBytes(StandardCharsets.US_ASCII);
    assertThat(body[0]).isEqualTo((byte) 0x1f);
    assertThat(body[1]).isEqualTo((byte) 0x8b);

    RawResponse response = replay(concat(head, body));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8)).get("accepted").intValue()).isEqualTo(1);
    assertThat(fake.published()).singleElement().satisfies(e -> {
      JsonNode payload = EventJson.parse(e.value().getPayload().getBytes(StandardCharsets.UTF_8));
      assertThat(e.key()).isEqualTo("user-42");
      assertThat(e.value().getSource()).isEqualTo("web");
      assertThat(e.value().getEventId()).isEqualTo("node-5b1c2f0e9a7d4c3b8e6f-1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
      assertThat(payload.get("event").textValue()).isEqualTo("Order Completed");
      assertThat(payload.at("/properties/revenue").decimalValue()).isEqualByComparingTo("19.9");
      assertThat(payload.at("/context/library/name").textValue()).isEqualTo("@segment/analytics-node");
      assertThat(payload.get("sentAt").textValue()).isEqualTo("2025-06-01T11:59:59.001Z");
      assertThat(e.value().getPayload()).doesNotContain(KEY);
    });
  }

  /** A body labelled as a form is never parsed as one: a '%' that is no valid escape must not make it unreadable. */
  @ParameterizedTest
  @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
      "multipart/form-data", "multipart/form-data; boundary=xyz"})
  void shouldReadJsonLabelledAsFormWithoutParsingItAsAForm(String contentType) throws Exception {
    start(Map.of());
    byte[] body = "{\"event\":\"100%zz done & more\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8);
    String head = "POST /v1/track HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer(KEY) + "\r\n"
        + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";

    RawResponse response = replay(concat(head.getBytes(StandardCharsets.US_ASCII), body));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(fake.published()).singleElement()
        .satisfies(e -> assertThat(e.value().getPayload()).contains("\"event\":\"100%zz done & more\""));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {"NULL,false", "NULL,true", "application/x-www-form-urlencoded,false",
      "text/plain,true", "application/json,true"})
  void shouldStoreJsonBodyWhateverItsContentTypeGzippedWithoutSayingOrNot(String contentType, boolean gzipped)
      throws Exception {
    start(Map.of());
    byte[] json = "{\"event\":\"e\",\"userId\":\"u\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = gzipped ? GzipBodyTest.gzip(json) : json;
    String head = "POST /v1/track HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer(KEY) + "\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";

    RawResponse response = replay(concat(head.getBytes(StandardCharsets.US_ASCII), body));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(fake.published()).hasSize(1);
  }

  @Test
  void shouldAnswer429WithRetryAfterAboveRateLimit() throws Exception {
    start(Map.of("ingest.rate.limit.events.per.second", "3"));
    String batch = "[{\"event\":\"e\",\"userId\":\"u\"},{\"event\":\"e\",\"userId\":\"u\"},{\"event\":\"e\",\"userId\":\"u\"}]";

    HttpResponse<String> first = post("/v1/batch", bearer(KEY), batch);
    HttpResponse<String> second = post("/v1/batch", bearer(KEY), batch);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(second).get("error").textValue()).isEqualTo("rate_limited");
    assertThat(fake.published()).hasSize(3);
  }

  @Test
  void shouldReportReadinessProblemsAs503() throws Exception {
    ReadinessCheck down = () -> CompletableFuture.completedFuture(
        new ReadinessCheck.Report(List.of("registry"), Map.of("kafka", "topic metadata unavailable")));
    start(Map.of(), down);

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/readyz")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).at("/checks/kafka").textValue()).isEqualTo("topic metadata unavailable");
    assertThat(json(response).at("/checks/registry").textValue()).isEqualTo("ok");
  }

  @Test
  void shouldExposePrometheusMetricsByRouteStatusAndRejectionReason() throws Exception {
    start(Map.of());
    post("/v1/track", bearer(KEY), "{\"event\":\"e\",\"userId\":\"u\"}");
    post("/v1/track", bearer(KEY), "{\"event\":\"e\"}");

    String metrics = client.send(HttpRequest.newBuilder(uri("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();

    assertThat(metrics)
        .contains("ingest_requests_total{route=\"/v1/track\",status=\"200\"} 1.0")
        .contains("ingest_requests_total{route=\"/v1/track\",status=\"400\"} 1.0")
        .contains("ingest_events_accepted_total 1.0")
        .contains("ingest_events_rejected_total{reason=\"required\"} 1.0")
        .contains("ingest_produce_latency_seconds_count 1");
  }

  @Test
  void shouldNeverLogWriteKeys() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Level level = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(ch.qos.logback.classic.Level.TRACE);
    try {
      start(Map.of("ingest.rate.limit.events.per.second", "1"));
      fake.mode(FakeEventPublisher.Mode.FAIL);
      post("/v1/track", bearer(KEY), "{\"event\":\"e\",\"userId\":\"u\"}");
      post("/v1/track", basic(KEY), "{\"event\":\"e\",\"userId\":\"u\"}");
      post("/v1/batch", null, "{\"writeKey\":\"" + KEY + "\",\"batch\":[{\"event\":\"e\"}]}");
      post("/v1/batch", null, "{\"writeKey\":\"" + KEY + "-unknown\",\"batch\":[{\"event\":\"e\"}]}");
      post("/v1/track", bearer(KEY + "-unknown"), "{\"event\":\"e\",\"userId\":\"u\"}");
      post("/v1/track", bearer(KEY), "{\"event\":");
    } finally {
      root.detachAppender(captured);
      root.setLevel(level);
    }

    assertThat(captured.list).isNotEmpty();
    assertThat(captured.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(KEY));
    assertThat(captured.list).noneSatisfy(e -> assertThat(String.valueOf(e.getThrowableProxy() == null ? ""
        : e.getThrowableProxy().getMessage())).contains(KEY));
  }

  private void start(Map<String, String> extra) {
    start(extra, ReadinessCheck.alwaysReady());
  }

  private void start(Map<String, String> extra, ReadinessCheck readiness) {
    Map<String, String> config = new java.util.HashMap<>(Map.of("ingest.write.keys", KEY + ":web", "http.port", "0",
        "ingest.produce.timeout.ms", "500"));
    config.putAll(extra);
    IngestSettings settings = IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), config));
    server = vertx.createHttpServer()
        .requestHandler(IngestRouter.create(vertx, settings, fake, Clock.fixed(NOW, ZoneOffset.UTC), new IngestMetrics(), readiness,
            () -> Definitions.EMPTY))
        .listen(0, "127.0.0.1").await();
  }

  private HttpResponse<String> post(String path, String authorization, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status and body of a response to {@code request}, written to a plain socket as it stands. */
  private RawResponse replay(byte[] request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headEnd = response.indexOf("\r\n\r\n");
      assertThat(headEnd).as(response).isPositive();
      return new RawResponse(Integer.parseInt(response.substring(9, 12)), response.substring(headEnd + 4));
    }
  }

  private record RawResponse(int status, String body) {}

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  private static String bearer(String key) {
    return "Bearer " + key;
  }

  private static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }
}
