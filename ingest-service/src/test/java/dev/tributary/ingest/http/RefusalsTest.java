package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.ingest.audit.RejectionLedger;
import dev.tributary.ingest.audit.Rejections;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.kafka.FakeEventPublisher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the door refuses is in the audit ledger before the refusal is answered. */
class RefusalsTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:41:12Z");
  private static final String KEY = "test-key";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final FakeEventPublisher publisher = new FakeEventPublisher();
  private final HeldLedger ledger = new HeldLedger();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    IngestSettings settings = IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), Map.of(
        "ingest.write.keys", KEY + ":web", "http.port", "0", "ingest.max.batch.bytes", "2048",
        "ingest.produce.timeout.ms", "500")));
    server = vertx.createHttpServer()
        .requestHandler(IngestRouter.create(vertx, settings, publisher, Clock.fixed(NOW, ZoneOffset.UTC),
            new IngestMetrics(), ReadinessCheck.alwaysReady(), () -> Definitions.EMPTY, ledger))
        .listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void shouldAnswerARefusalOnlyOnceTheLedgerStoredIt() throws Exception {
    ledger.hold = true;
    CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request("/v1/events", KEY, "{\"event\":\"x\"}"),
        HttpResponse.BodyHandlers.ofString());

    await().atMost(Duration.ofSeconds(5)).until(() -> ledger.recorded.size() == 1);
    assertThat(answer).isNotDone();
    ledger.pending.get(0).complete(null);

    assertThat(answer.get().statusCode()).isEqualTo(400);
    assertThat(ledger.recorded.get(0).byRule()).containsExactly(Map.entry("required", 1L));
    assertThat(ledger.recorded.get(0).source()).isEqualTo("web");
    assertThat(ledger.recorded.get(0).receivedAt()).isEqualTo(NOW);
  }

  @Test
  void shouldCountEachRejectedBatchItemByRuleAndPublishTheOthers() throws Exception {
    HttpResponse<String> response = client.send(request("/v1/batch", KEY, """
        {"batch":[{"event":"a","user_id":"u1"},{"event":"b"},{"event":"c"},{"user_id":"u2"}]}"""),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(publisher.published()).hasSize(1);
    assertThat(ledger.recorded).singleElement().satisfies(r -> assertThat(r.byRule()).containsExactly(
        Map.entry("required", 3L)));
  }

  @Test
  void shouldCountARequestWithAnUnknownWriteKeyUnderThePlaceholderSource() throws Exception {
    HttpResponse<String> response = client.send(request("/v1/events", "nope", "{\"event\":\"x\",\"user_id\":\"u\"}"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(ledger.recorded).singleElement().satisfies(r -> {
      assertThat(r.source()).isEqualTo(AuditReconciliation.UNIDENTIFIED_SOURCE);
      assertThat(r.byRule()).containsExactly(Map.entry("unauthorized", 1L));
    });
  }

  @Test
  void shouldCountAnUnreadableBodyAsOneRejectedRequestWithItsRule() throws Exception {
    HttpResponse<String> response = client.send(request("/v1/batch", KEY, "{\"batch\":[{\"event\":"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(ledger.recorded).singleElement().satisfies(r -> assertThat(r.byRule()).containsExactly(
        Map.entry("json_syntax", 1L)));
  }

  @Test
  void shouldAnswerAnOversizeBodyWithJsonAndCountItAsOneRejectedRequest() throws Exception {
    ledger.hold = true; // answered at once all the same: Vert.x's error handlers must answer before they return
    HttpResponse<String> response = client.send(request("/v1/batch", KEY, "[" + "1,".repeat(2_000) + "1]"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("payload_too_large");
    assertThat(ledger.recorded).singleElement().satisfies(r -> {
      assertThat(r.source()).isEqualTo("web");
      assertThat(r.byRule()).containsExactly(Map.entry("max_bytes", 1L));
    });
  }

  @Test
  void shouldAnswer503WhenTheLedgerCannotStoreTheRefusal() throws Exception {
    ledger.fail = true;

    HttpResponse<String> response = client.send(request("/v1/events", KEY, "{\"event\":\"x\"}"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void shouldNotCountAcceptedEventsNorRetryAnswers() throws Exception {
    HttpResponse<String> response = client.send(request("/v1/events", KEY, "{\"event\":\"x\",\"user_id\":\"u\"}"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ledger.recorded).isEmpty();
  }

  private HttpRequest request(String path, String key, String json) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** Records every call; completes at once, fails, or holds the answer until the test completes it. */
  private static final class HeldLedger implements RejectionLedger {
    final List<Rejections> recorded = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    volatile boolean hold;
    volatile boolean fail;

    @Override
    public CompletionStage<Void> record(Rejections rejections) {
      recorded.add(rejections);
      if (fail) {
        return CompletableFuture.failedFuture(new IllegalStateException("Kafka is down"));
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      if (hold) {
        pending.add(done);
      } else {
        done.complete(null);
      }
      return done;
    }
  }
}
