package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.e2e.audit.LedgerBalance;
import dev.tributary.events.DeadLetterReplay;
import dev.tributary.events.RawEvent;
import dev.tributary.localstack.component.ClickHouseConfig;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.dlq.ClickHouseDeadLetters;
import dev.tributary.localstack.dlq.DeadLetterOrigin;
import dev.tributary.localstack.dlq.DeadLetterToReplay;
import dev.tributary.localstack.dlq.DlqCommand;
import dev.tributary.localstack.dlq.DlqReplay;
import dev.tributary.localstack.dlq.KafkaReplayTarget;
import dev.tributary.localstack.dlq.ReplayFilter;
import dev.tributary.localstack.dlq.ReplayTarget;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerdes;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dead-letter replay on the real pipeline, as issue 10 asks: events dead-lettered by a deliberately
 * strict streams setting (a tracking plan without {@code checkout_started}), the setting relaxed, a replay interrupted twice (once between batches, once
 * inside a transaction that never commits, as a SIGKILL leaves it), then replayed again twice more:
 * every dead-lettered event lands in the warehouse exactly once, with its original id, and every dead
 * letter is recorded as replayed exactly once.
 */
class DeadLetterReplayIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WRITE_KEY = "replay-key";
  private static final String PLANNED = "page_viewed";
  private static final String UNPLANNED = "checkout_started";
  private static final int UNPLANNED_EVENTS = 12;
  private static final int PLANNED_EVENTS = 8;
  private static InProcessPipeline pipeline;

  @BeforeAll
  static void start() {
    pipeline = InProcessPipeline.start(WRITE_KEY, "replay-source",
        Map.of("tracking.plan.events", PLANNED));
  }

  @AfterAll
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldLandEveryReplayedDeadLetterExactlyOnceAcrossInterruptedReplays() throws Exception {
    Instant began = Instant.now();
    List<String> ids = postEvents();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(pipeline.query("SELECT count() FROM {db}.dead_letters")).isEqualTo(Integer.toString(UNPLANNED_EVENTS));
      assertThat(pipeline.query("SELECT count() FROM {db}.events")).isEqualTo(Integer.toString(PLANNED_EVENTS));
    });
    assertThat(pipeline.query("SELECT DISTINCT reason, field FROM {db}.dead_letters")).isEqualTo("INVALID_FIELD\tevent");

    pipeline.restartStreams(Map.of("tracking.plan.events", PLANNED + "," + UNPLANNED)); // the fix

    interruptedBetweenBatches();   // batch 1 of 3 committed, then the run failed
    interruptedInsideATransaction(); // the next 5 sent but never committed, as a killed run leaves them
    assertThat(replay()).contains("12 dead letters matched").contains("5 already replayed before, 7 replayed now");
    assertThat(replay()).contains("12 already replayed before, 0 replayed now");

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(pipeline.query("SELECT count() FROM {db}.events")).isEqualTo(Integer.toString(ids.size()));
      assertThat(pipeline.query("SELECT count() FROM {db}.dead_letter_replays")).isEqualTo(Integer.toString(UNPLANNED_EVENTS));
    });
    Thread.sleep(3_000); // anything late (an uncommitted record wrongly read) would land by now
    assertThat(pipeline.query("SELECT count(), uniqExact(event_id) FROM {db}.events"))
        .isEqualTo(ids.size() + "\t" + ids.size());
    assertThat(pipeline.query("SELECT arraySort(groupArray(event_id)) FROM {db}.events").replace("'", "\""))
        .isEqualTo(JSON.writeValueAsString(ids.stream().sorted().toList()));
    assertThat(pipeline.query("SELECT count(), uniqExact(source_topic, source_partition, source_offset)"
        + " FROM {db}.dead_letter_replays")).isEqualTo(UNPLANNED_EVENTS + "\t" + UNPLANNED_EVENTS);
    assertThat(pipeline.query("SELECT count() FROM {db}.dead_letters")).as("a replay adds no dead letter")
        .isEqualTo(Integer.toString(UNPLANNED_EVENTS));
    assertThat(pipeline.query("SELECT min(received_at_ms) > 0, countIf(source = 'replay-source') FROM {db}.events"
        + " WHERE event = '" + UNPLANNED + "'")).isEqualTo("1\t" + UNPLANNED_EVENTS);

    // the audit ledger: a replayed dead letter is one more record read in its original minute, which landed as a
    // clean event beside its dead letter; every minute balances and nothing is counted twice (aborted sends unread)
    assertThat(LedgerBalance.unbalanced(TestClickHouse.analyst(), pipeline.database, began.minusSeconds(60),
        Duration.ofSeconds(60))).as("audit ledger: minutes that do not balance").isEmpty();
    assertThat(pipeline.query("SELECT sum(accepted), sum(clean_landed), sum(dead_landed), sum(duplicates)"
        + " FROM {db}.audit_reconciliation_v")).isEqualTo((ids.size() + UNPLANNED_EVENTS) + "\t" + ids.size() + "\t"
        + UNPLANNED_EVENTS + "\t0");
  }

  private static List<String> postEvents() throws Exception {
    List<Map<String, Object>> batch = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < UNPLANNED_EVENTS + PLANNED_EVENTS; i++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event", i < UNPLANNED_EVENTS ? UNPLANNED : PLANNED);
      e.put("event_id", "replay-" + i);
      e.put("user_id", "u-" + (i % 5));
      batch.add(e);
      ids.add("replay-" + i);
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(pipeline.ingestUrl() + "/v1/batch"))
        .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("batch", batch)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(ids.size());
    return ids;
  }

  private static void interruptedBetweenBatches() {
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
         KafkaReplayTarget kafka = target(registry)) {
      ReplayTarget failingAfterOneBatch = new ReplayTarget() {
        int batches;

        @Override
        public Set<DeadLetterOrigin> alreadyReplayed() {
          return kafka.alreadyReplayed();
        }

        @Override
        public void send(List<DeadLetterToReplay> batch, String replayId, Instant at) {
          if (batches++ == 1) {
            throw new IllegalStateException("interrupted");
          }
          kafka.send(batch, replayId, at);
        }

        @Override
        public void close() {}
      };
      assertThatThrownBy(() -> new DlqReplay(deadLetters(), failingAfterOneBatch, Clock.systemUTC(), 5)
          .run(ReplayFilter.ALL, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
          .hasMessage("interrupted");
    }
  }

  /** What a run killed inside a transaction leaves: records and replay markers sent, never committed. */
  private static void interruptedInsideATransaction() throws Exception {
    List<DeadLetterToReplay> next = deadLetters().find(ReplayFilter.ALL).subList(5, 10);
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
             ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
             ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaReplayTarget.TRANSACTIONAL_ID),
             new ByteArraySerializer(), new ByteArraySerializer())) {
      var rawEvents = AvroSerdes.serde(RawEvent.class, registry, false).serializer();
      var markers = AvroSerdes.serde(DeadLetterReplay.class, registry, false).serializer();
      producer.initTransactions();
      producer.beginTransaction();
      for (DeadLetterToReplay d : next) {
        RawEvent raw = RawEvent.newBuilder().setEventId(d.eventId()).setSource(d.source())
            .setReceivedAt(Instant.ofEpochMilli(d.receivedAtMs()))
            .setPayload(new String(d.rawPayload(), StandardCharsets.UTF_8)).build();
        producer.send(new ProducerRecord<>(pipeline.rawTopic, d.rawKey(), rawEvents.serialize(pipeline.rawTopic, raw)));
        DeadLetterReplay marker = DeadLetterReplay.newBuilder().setSourceTopic(d.origin().topic())
            .setSourcePartition(d.origin().partition()).setSourceOffset(d.origin().offset()).setReason(d.reason())
            .setReplayedAt(Instant.now()).setReplayId("killed").setTargetTopic(pipeline.rawTopic).build();
        String replays = pipeline.topic(Datasets.DLQ_REPLAYS);
        producer.send(new ProducerRecord<>(replays, d.origin().key().getBytes(StandardCharsets.UTF_8),
            markers.serialize(replays, marker)));
      }
      producer.flush();
      // no commit: the next run's initTransactions (same transactional.id) aborts this transaction
    }
  }

  private static String replay() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = DlqCommand.run(new String[] {"replay", "--batch-size", "4", "--kafka", TestKafka.bootstrapServers(),
        "--registry", TestRegistry.url(), "--clickhouse", TestClickHouse.httpUrl(), "--database", pipeline.database,
        "--raw-topic", pipeline.rawTopic, "--replays-topic", pipeline.topic(Datasets.DLQ_REPLAYS)},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static KafkaReplayTarget target(SchemaRegistryClient registry) {
    return new KafkaReplayTarget(TestKafka.bootstrapServers(), pipeline.rawTopic, pipeline.topic(Datasets.DLQ_REPLAYS),
        AvroSerdes.serde(RawEvent.class, registry, false).serializer(),
        AvroSerdes.serde(DeadLetterReplay.class, registry, false).serializer());
  }

  private static ClickHouseDeadLetters deadLetters() {
    return new ClickHouseDeadLetters(new ClickHouseHttp(TestClickHouse.httpUrl(), ClickHouseConfig.ANALYST_USER,
        ClickHouseConfig.ANALYST_PASSWORD, Duration.ofSeconds(30)), pipeline.database);
  }
}
