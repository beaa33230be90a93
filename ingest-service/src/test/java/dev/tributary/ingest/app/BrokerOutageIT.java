package dev.tributary.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.testsupport.EmbeddedKafkaBroker;
import dev.tributary.testsupport.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpressure instead of loss: under load from several clients, the broker is stopped for ~10 s and
 * started again at the same address. During the outage requests get 503 + Retry-After within the
 * produce timeout (plus a small margin), the service stays live, and afterwards every event id that
 * was answered 2xx is in the raw topic.
 */
class BrokerOutageIT {

  private static final Logger log = LoggerFactory.getLogger(BrokerOutageIT.class);
  private static final String KEY = "outage-key";
  private static final int PRODUCE_TIMEOUT_MS = 3_000;
  /** Least slack above the produce timeout for an answer during the outage (scheduling, HTTP). */
  private static final long MIN_MARGIN_MS = 1_000;
  private static final int CLIENTS = 4;
  private static final int BATCH = 25;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private record Outcome(long startedNanos, long tookMillis, int status, boolean retryAfter) {}

  @Test
  void shouldAnswer503DuringBrokerOutageAndLoseNoAcknowledgedEvent() throws Exception {
    Path dir = Files.createTempDirectory("ingest-outage-");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, true,
        Map.of("log.flush.interval.messages", "1"))) {
      String topic = "events.raw";
      Set<String> acked = ConcurrentHashMap.newKeySet();
      List<Outcome> outcomes = new CopyOnWriteArrayList<>();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      long stoppedAt;
      long restartedAt;
      try (IngestApplication app = IngestApplication.start(settings(broker.bootstrapServers(), topic))) {
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          loops.add(clients.submit(() -> load(app.port(), client, running, acked, outcomes)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() >= 200);

        stoppedAt = System.nanoTime();
        broker.stop();
        log.info("Broker stopped with {} events acknowledged", acked.size());
        await().atMost(Duration.ofSeconds(8)).until(() -> count503After(outcomes, stoppedAt) > 0);
        assertThat(get(app.port(), "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get(app.port(), "/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(json(notReady.body()).at("/checks/kafka").textValue()).isNotEqualTo("ok");
        long outageLeft = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - stoppedAt);
        TimeUnit.NANOSECONDS.sleep(Math.max(0, outageLeft)); // the outage itself: nothing to poll for

        broker.restart();
        restartedAt = System.nanoTime();
        int ackedBeforeRestart = acked.size();
        log.info("Broker restarted after {} ms", (restartedAt - stoppedAt) / 1_000_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= ackedBeforeRestart + 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(app.port(), "/readyz").statusCode() == 200);
        running.set(false);
        for (Future<?> loop : loops) {
          loop.get(30, TimeUnit.SECONDS);
        }
        assertThat(get(app.port(), "/metrics").body()).contains("ingest_requests_total").contains("status=\"503\"");
      } finally {
        running.set(false);
        clients.shutdownNow();
      }

      List<Outcome> during = outcomes.stream()
          .filter(o -> o.startedNanos() >= stoppedAt && o.startedNanos() < restartedAt).toList();
      List<Outcome> unavailable = during.stream().filter(o -> o.status() == 503).toList();
      long maxMillis = during.stream().mapToLong(Outcome::tookMillis).max().orElse(0);
      // The slack above the produce timeout comes from this run's own healthy answers: on a loaded
      // machine every answer is slower, so a fixed margin would fail for the machine, not the service.
      long[] healthy = outcomes.stream().filter(o -> o.startedNanos() < stoppedAt).mapToLong(Outcome::tookMillis)
          .sorted().toArray();
      long healthyP99 = healthy.length == 0 ? 0 : healthy[(int) Math.min(healthy.length - 1, Math.ceil(healthy.length * 0.99) - 1)];
      long margin = Math.max(MIN_MARGIN_MS, 3 * healthyP99);
      Set<String> found = new HashSet<>();
      RawTopicReader.readUntil(broker.bootstrapServers(), TestRegistry.url(), topic, Duration.ofSeconds(30), records -> {
        records.forEach(r -> found.add(r.value().getEventId()));
        return found.containsAll(acked);
      });
      log.info("Outage: {} requests started, {} answered 503, slowest answer {} ms (allowed {} ms: produce timeout"
          + " + max({} ms, 3 x healthy p99 {} ms of {} answers)); acknowledged {} events, found {}",
          during.size(), unavailable.size(), maxMillis, PRODUCE_TIMEOUT_MS + margin, MIN_MARGIN_MS, healthyP99,
          healthy.length, acked.size(), found.size());

      assertThat(unavailable).isNotEmpty().allSatisfy(o -> assertThat(o.retryAfter()).isTrue());
      assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isIn(200, 503));
      assertThat(maxMillis).isLessThanOrEqualTo(PRODUCE_TIMEOUT_MS + margin);
      assertThat(found).containsAll(acked);
    }
  }

  private void load(int port, int client, AtomicBoolean running, Set<String> acked, List<Outcome> outcomes) {
    int seq = 0;
    while (running.get()) {
      List<String> ids = new ArrayList<>();
      StringBuilder body = new StringBuilder("{\"batch\":[");
      for (int i = 0; i < BATCH; i++) {
        String id = "c" + client + "-" + seq++;
        ids.add(id);
        body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"load\",\"userId\":\"u-")
            .append(i).append("\",\"messageId\":\"").append(id).append("\"}");
      }
      body.append("]}");
      boolean stored = false;
      while (!stored && running.get()) {
        long began = System.nanoTime();
        try {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + KEY)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
          long took = (System.nanoTime() - began) / 1_000_000;
          outcomes.add(new Outcome(began, took, response.statusCode(), response.headers().firstValue("Retry-After").isPresent()));
          if (response.statusCode() == 200) {
            acked.addAll(ids);
            stored = true;
          } else {
            TimeUnit.MILLISECONDS.sleep(200); // a client backing off before its retry, as an SDK does
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          outcomes.add(new Outcome(began, (System.nanoTime() - began) / 1_000_000, -1, false));
        }
      }
    }
  }

  private static long count503After(List<Outcome> outcomes, long since) {
    return outcomes.stream().filter(o -> o.startedNanos() >= since && o.status() == 503).count();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String body) throws Exception {
    return EventJson.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  private static IngestSettings settings(String bootstrapServers, String topic) {
    return IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), Map.of(
        "ingest.write.keys", KEY + ":outage",
        "http.host", "127.0.0.1",
        "http.port", "0",
        "kafka.bootstrap.servers", bootstrapServers,
        "schema.registry.url", TestRegistry.url(),
        "topic.raw", topic,
        "ingest.produce.timeout.ms", String.valueOf(PRODUCE_TIMEOUT_MS),
        "ingest.readiness.timeout.ms", "1000",
        "ingest.rate.limit.events.per.second", "0")));
  }
}
