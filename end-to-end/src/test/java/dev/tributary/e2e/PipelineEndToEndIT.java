package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.admin.ServiceMeters;
import dev.tributary.e2e.audit.LedgerBalance;
import dev.tributary.e2e.deploy.MonitoringQueries;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.sink.audit.LedgerGauges;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.testsupport.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline on real components: events posted over HTTP to the ingest service flow through
 * Kafka and the streams topology into ClickHouse. Asserts exact counts in both directions, so a stage
 * that drops or duplicates a single event fails it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WRITE_KEY = "e2e-key";
  private static final int VALID_EVENTS = 10_000;
  private static final int BATCH_SIZE = 100;
  private static final List<String> EVENT_NAMES = List.of("page_viewed", "signup", "add_to_cart", "purchase", "search");
  private static InProcessPipeline pipeline;
  private static String database;
  private static final HttpClient http = HttpClient.newHttpClient();

  /** What the test sent and got acknowledged: its own independent record of the truth. */
  private static final Map<String, ObjectNode> acknowledged = new ConcurrentHashMap<>();
  private static final Set<String> rejectedAtTheDoor = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startPipeline() {
    pipeline = InProcessPipeline.start(WRITE_KEY, "e2e-source");
    database = pipeline.database;
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void shouldLandEveryAcknowledgedEventExactlyOnceWithDeadLettersAndMinuteMetrics() throws Exception {
    Instant began = Instant.now();
    Instant base = began.truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
    postAllBatches(base);
    int poison = producePoisonRecordsDirectlyToRaw();

    assertThat(acknowledged).hasSize(VALID_EVENTS);
    assertThat(rejectedAtTheDoor).hasSize(VALID_EVENTS / BATCH_SIZE * 2);

    await("all acknowledged events in events_v").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(count("SELECT count() FROM " + database + ".events_v")).isEqualTo(VALID_EVENTS));
    await("dead letters").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(count("SELECT count() FROM " + database + ".dead_letters")).isEqualTo(poison));

    // The raw table (not the FINAL view) must hold each event exactly once: no duplicate hidden by the view.
    assertThat(query("SELECT count(), uniqExact(event_id) FROM " + database + ".events"))
        .isEqualTo(VALID_EVENTS + "\t" + VALID_EVENTS);
    Set<String> landedIds = new HashSet<>(List.of(query("SELECT event_id FROM " + database + ".events ORDER BY event_id").split("\n")));
    assertThat(landedIds).isEqualTo(acknowledged.keySet());
    assertThat(landedIds).doesNotContainAnyElementsOf(rejectedAtTheDoor);

    assertThat(query("SELECT reason, count() FROM " + database + ".dead_letters GROUP BY reason ORDER BY reason"))
        .isEqualTo("MALFORMED_JSON\t10\nMISSING_FIELD\t5\nUNDESERIALIZABLE\t10");

    assertFieldsOfOneEvent();
    assertMinuteMetricsMatchWhatWasSent();
    assertTheAuditLedgerBalances(began, poison);
  }

  /** Every minute balances in the audit ledger, which accounts for exactly what was written to events.raw. */
  private static void assertTheAuditLedgerBalances(Instant began, int poison) throws InterruptedException {
    assertThat(LedgerBalance.unbalanced(TestClickHouse.analyst(), database, began.minusSeconds(60), Duration.ofSeconds(60)))
        .as("audit ledger: minutes that do not balance").isEmpty();
    assertThat(query("SELECT sum(accepted) - sum(duplicates), sum(clean_landed), sum(dead_landed) FROM " + database
        + ".audit_reconciliation_v")).isEqualTo((VALID_EVENTS + poison) + "\t" + VALID_EVENTS + "\t" + poison);
  }

  private static void postAllBatches(Instant base) throws Exception {
    Random random = new Random(42);
    List<ArrayNode> batches = new ArrayList<>();
    for (int b = 0; b < VALID_EVENTS / BATCH_SIZE; b++) {
      ArrayNode batch = JSON.createArrayNode();
      for (int i = 0; i < BATCH_SIZE; i++) {
        batch.add(validEvent(random, base));
      }
      // two bad items per batch; the good ones of the batch must still be kept
      batch.add(JSON.createObjectNode().put("event", "signup").put("event_id", "bad-" + UUID.randomUUID()));
      batch.add(validEvent(random, base).put("timestamp", "yesterday-ish").put("event_id", "bad-" + UUID.randomUUID()));
      batches.add(batch);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (ArrayNode batch : batches) {
        sent.add(pool.submit(() -> postUntilAcknowledged(batch)));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static ObjectNode validEvent(Random random, Instant base) {
    String name = EVENT_NAMES.get(random.nextInt(EVENT_NAMES.size()));
    ObjectNode event = JSON.createObjectNode()
        .put("event", name)
        .put("event_id", UUID.randomUUID().toString())
        .put("timestamp", base.plusMillis(random.nextInt(180_000)).toString());
    if (random.nextBoolean()) {
      event.put("user_id", "user-" + random.nextInt(500));
    } else {
      event.put("anonymous_id", "anon-" + random.nextInt(500));
    }
    ObjectNode properties = event.putObject("properties").put("plan", random.nextBoolean() ? "free" : "pro");
    if (name.equals("purchase")) {
      properties.put("revenue", (1 + random.nextInt(10_000)) / 100.0);
    }
    event.putObject("context").put("library", "e2e-test");
    return event;
  }

  /** Posts a batch, retrying on 503 as a real client does, and records what was acknowledged. */
  private static Void postUntilAcknowledged(ArrayNode batch) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.set("batch", batch);
    HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.ingestUrl() + "/v1/batch"))
        .header("Authorization", "Bearer " + WRITE_KEY)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 503 && attempt < 10) {
        Thread.sleep(500);
        continue;
      }
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = JSON.readTree(response.body());
      Set<Integer> rejectedIndexes = new HashSet<>();
      answer.get("rejected").forEach(r -> rejectedIndexes.add(r.get("index").asInt()));
      assertThat(rejectedIndexes).containsExactlyInAnyOrder(BATCH_SIZE, BATCH_SIZE + 1);
      assertThat(answer.get("accepted").asInt()).isEqualTo(BATCH_SIZE);
      for (int i = 0; i < batch.size(); i++) {
        ObjectNode event = (ObjectNode) batch.get(i);
        if (rejectedIndexes.contains(i)) {
          rejectedAtTheDoor.add(event.get("event_id").asText());
        } else {
          acknowledged.put(event.get("event_id").asText(), event);
        }
      }
      return null;
    }
  }

  /** Records that passed the front door by another way (an old producer, a bug): they must become dead letters. */
  private static int producePoisonRecordsDirectlyToRaw() throws Exception {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    int sent = 0;
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
         KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
         KafkaProducer<String, RawEvent> avro = new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<RawEvent>(registry, false))) {
      for (int i = 0; i < 10; i++, sent++) {
        bytes.send(new ProducerRecord<>(pipeline.rawTopic, "poison-" + i, ("not avro " + i).getBytes(StandardCharsets.UTF_8))).get();
      }
      for (int i = 0; i < 10; i++, sent++) {
        avro.send(new ProducerRecord<>(pipeline.rawTopic, "malformed-" + i, raw("{\"event\": \"x\", \"user_id\": " + i))).get();
      }
      for (int i = 0; i < 5; i++, sent++) {
        avro.send(new ProducerRecord<>(pipeline.rawTopic, "nameless-" + i, raw("{\"user_id\": \"u" + i + "\"}"))).get();
      }
    }
    return sent;
  }

  private static RawEvent raw(String payload) {
    return TestRecords.rawEvent(UUID.randomUUID().toString(), "direct-producer", Instant.now(), payload);
  }

  private static void assertFieldsOfOneEvent() throws Exception {
    ObjectNode sent = acknowledged.values().stream()
        .filter(e -> e.get("event").asText().equals("purchase") && e.has("user_id")).findFirst().orElseThrow();
    String id = sent.get("event_id").asText();
    JsonNode row = JSON.readTree(query("SELECT event, user_id, timestamp_ms, source, revenue, properties FROM "
        + database + ".events_v WHERE event_id = '" + id + "' FORMAT JSONEachRow"));
    assertThat(row.get("event").asText()).isEqualTo("purchase");
    assertThat(row.get("user_id").asText()).isEqualTo(sent.get("user_id").asText());
    assertThat(row.get("timestamp_ms").asLong()).isEqualTo(Instant.parse(sent.get("timestamp").asText()).toEpochMilli());
    assertThat(row.get("source").asText()).isEqualTo("e2e-source");
    assertThat(row.get("revenue").asDouble()).isEqualTo(sent.get("properties").get("revenue").asDouble());
    assertThat(JSON.readTree(row.get("properties").asText())).isEqualTo(sent.get("properties"));
  }

  private static void assertMinuteMetricsMatchWhatWasSent() {
    Map<String, Long> expectedCounts = new TreeMap<>();
    Map<String, Double> expectedRevenue = new TreeMap<>();
    for (ObjectNode e : acknowledged.values()) {
      long minute = Instant.parse(e.get("timestamp").asText()).truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
      String key = minute + "\t" + e.get("event").asText();
      expectedCounts.merge(key, 1L, Long::sum);
      JsonNode revenue = e.get("properties").get("revenue");
      expectedRevenue.merge(key, revenue == null ? 0.0 : revenue.asDouble(), Double::sum);
    }
    StringBuilder expected = new StringBuilder();
    expectedCounts.forEach((k, n) -> expected.append(k).append('\t').append(n).append('\t')
        .append(Math.round(expectedRevenue.get(k) * 100)).append('\n'));

    // counted in their minute or, when too late for it, beside it: together they are everything sent
    await("per-minute metrics equal what was sent").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(query("SELECT toUnixTimestamp(minute) AS m, event,"
            + " sum(count + too_late_events), round(sum(revenue + too_late_revenue) * 100) FROM "
            + database + ".metrics_minute_v GROUP BY m, event ORDER BY m, event")
            + "\n").isEqualTo(sortedLines(expected.toString())));
    // distinct users are auditable: the same number recomputed from the events with ClickHouse's own hash
    String recomputed = query("SELECT toUnixTimestamp(toStartOfMinute(timestamp)) AS m, event, source,"
        + " uniqExact(sipHash64(ifNull(user_id, anonymous_id))) FROM " + database + ".events_v"
        + " GROUP BY m, event, source ORDER BY m, event, source");
    assertThat(query("SELECT toUnixTimestamp(minute) AS m, event, source, distinct_users FROM " + database
        + ".metrics_minute_v WHERE too_late_events = 0 ORDER BY m, event, source"))
        .isEqualTo(recomputed);
  }

  private static String sortedLines(String text) {
    return String.join("\n", new java.util.TreeSet<>(List.of(text.split("\n")))) + "\n";
  }

  private static long count(String sql) {
    return Long.parseLong(query(sql));
  }

  private static String query(String sql) {
    return TestClickHouse.query(sql).strip();
  }

  /**
   * The sample names of the sink's audit gauges as its {@code Main} exports them. Two reasons they are not in the
   * pipeline's scrapes: the poller of the reconciliation view is started by the sink's {@code Main}, which the
   * in-process pipeline does not run, and the per-source gap has a series only once a minute has closed (two
   * minutes after it ends). So the gauges are registered in the same registry type the sink exports
   * ({@link ServiceMeters#prometheus()}) and fed one closed minute; {@code LedgerGaugesIT} reads the real view.
   */
  private static Set<String> auditGaugeSampleNames() {
    PrometheusMeterRegistry registry = ServiceMeters.prometheus();
    String source = HexFormat.of().formatHex("web".getBytes(StandardCharsets.UTF_8));
    String closedMinute = "1767225600\t" + source + "\t0\t1\t3\t4\n";
    new LedgerGauges(sql -> closedMinute, "audit", Clock.systemUTC(), registry).poll();
    return MonitoringQueries.sampleNames(registry.scrape());
  }

  /**
   * Runs after the traffic of the test above, so the services' meters have seen requests,
   * rejections, dead letters and inserts: every metric a Grafana panel or a Prometheus alert reads is
   * in some service's scrape (a renamed meter fails here, not on an operator's blank dashboard).
   */
  @Test
  @Order(2)
  void shouldExportEveryMetricTheDashboardAndTheAlertsRead() throws Exception {
    java.nio.file.Path root = dev.tributary.localstack.cli.StackLayout.discover(java.util.Optional.empty()).root();
    List<MonitoringQueries.Query> queries = new ArrayList<>(
        MonitoringQueries.dashboard(root.resolve("deploy/grafana/dashboards/tributary.json")));
    queries.addAll(MonitoringQueries.alerts(root.resolve("deploy/prometheus/alerts.yml")));
    Set<String> exported = new HashSet<>(MonitoringQueries.PROMETHEUS_BUILTINS);
    pipeline.metricsScrapes().values().forEach(scrape -> exported.addAll(MonitoringQueries.sampleNames(scrape)));
    exported.addAll(auditGaugeSampleNames());

    assertThat(queries).isNotEmpty().allSatisfy(query ->
        assertThat(MonitoringQueries.metricNames(query.expr())).as(query.origin() + ": " + query.expr())
            .isSubsetOf(exported));
  }

}
