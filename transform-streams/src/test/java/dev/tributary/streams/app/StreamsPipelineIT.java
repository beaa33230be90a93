package dev.tributary.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.metrics.EventSource;
import dev.tributary.streams.metrics.MinuteMetrics;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.testsupport.TestRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline against a real broker and a real Apicurio registry, exactly-once end to end. */
class StreamsPipelineIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(45);

  @TempDir
  Path stateDir;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String rawTopic = "events.raw." + run;
  private final String cleanTopic = "events.clean." + run;
  private final String dlqTopic = "events.dlq." + run;
  private final String metricsTopic = "metrics.minute." + run;
  private SchemaRegistryClient registry;
  private StreamsApplication app;

  @BeforeEach
  void start() {
    registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
    StreamsSettings settings = StreamsSettings.load(Map.of(), Map.ofEntries(
        Map.entry(StreamsSettings.APPLICATION_ID, "transform-it-" + run),
        Map.entry(StreamsSettings.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers()),
        Map.entry(StreamsSettings.SCHEMA_REGISTRY_URL, TestRegistry.url()),
        Map.entry(Datasets.RAW.topic().configKey(), rawTopic),
        Map.entry(Datasets.CLEAN.topic().configKey(), cleanTopic),
        Map.entry(Datasets.DEAD_LETTERS.topic().configKey(), dlqTopic),
        Map.entry(Datasets.METRICS_MINUTE.topic().configKey(), metricsTopic),
        Map.entry(Datasets.METRICS_TOO_LATE.topic().configKey(), metricsTopic + "-too-late"),
        Map.entry(StreamsSettings.TOPIC_PARTITIONS, "2"),
        Map.entry(StreamsSettings.STATE_DIR, stateDir.toString()),
        Map.entry(StreamsSettings.COMMIT_INTERVAL_MS, "50"),
        Map.entry("streams.poll.ms", "10")));
    app = StreamsApplication.start(settings);
    app.awaitRunning(TIMEOUT);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void shouldCleanDeadLetterDedupeAndCountEventsExactlyOnce() throws Exception {
    Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant minute = receivedAt.minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, RawEvent> events = new KafkaProducer<>(producerConfig(), new StringSerializer(),
             new AvroSerializer<>(registry, false));
         KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(producerConfig(), new StringSerializer(),
             new ByteArraySerializer())) {
      events.send(new ProducerRecord<>(rawTopic, "u1", raw("e-1", receivedAt,
          purchase("u1", minute.plusSeconds(10), "10.5")))).get();
      events.send(new ProducerRecord<>(rawTopic, "u2", raw("e-2", receivedAt,
          purchase("u2", minute.plusSeconds(20), "\"4.25\"")))).get();
      events.send(new ProducerRecord<>(rawTopic, "u3", raw("e-3", receivedAt, "{\"event\":"))).get();
      bytes.send(new ProducerRecord<>(rawTopic, "u4", garbage)).get();
      // the client got no 2xx for e-1 and retried: ingest wrote it again
      events.send(new ProducerRecord<>(rawTopic, "u1", raw("e-1", receivedAt.plusSeconds(2),
          purchase("u1", minute.plusSeconds(10), "10.5")))).get();
      // same key, so same partition, after the retry: once it is visible, the retry was processed too
      events.send(new ProducerRecord<>(rawTopic, "u1", raw("e-4", receivedAt.plusSeconds(3),
          "{\"event\":\"signup\",\"user_id\":\"u1\",\"timestamp\":\"" + minute.plusSeconds(30) + "\"}"))).get();
      // a purchase past the minute's end plus the default grace (2 min): the minute becomes final
      events.send(new ProducerRecord<>(rawTopic, "u3", raw("e-5", receivedAt.plusSeconds(4),
          purchase("u3", minute.plusSeconds(200), "1")))).get();
    }

    List<ConsumerRecord<String, CleanEvent>> clean = readAtLeast(cleanTopic, CleanEvent.class, 4);
    assertThat(clean).extracting(r -> r.value().getEventId()).containsExactlyInAnyOrder("e-1", "e-2", "e-4", "e-5");
    assertThat(clean).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("u1", "u2", "u1", "u3");
    assertThat(clean).extracting(r -> r.value().getTimestamp()).containsExactlyInAnyOrder(minute.plusSeconds(10),
        minute.plusSeconds(20), minute.plusSeconds(30), minute.plusSeconds(200));

    List<ConsumerRecord<String, DeadLetter>> dead = readAtLeast(dlqTopic, DeadLetter.class, 2);
    Map<DeadLetterReason, DeadLetter> byReason = new HashMap<>();
    dead.forEach(r -> byReason.put(r.value().getReason(), r.value()));
    assertThat(byReason).containsOnlyKeys(DeadLetterReason.MALFORMED_JSON, DeadLetterReason.UNDESERIALIZABLE);
    assertThat(byReason.get(DeadLetterReason.MALFORMED_JSON).getEventId()).isEqualTo("e-3");
    DeadLetter undecodable = byReason.get(DeadLetterReason.UNDESERIALIZABLE);
    assertThat(toBytes(undecodable.getRawPayload())).isEqualTo(garbage);
    assertThat(undecodable.getSourceTopic()).isEqualTo(rawTopic);
    assertThat(undecodable.getSourceOffset()).isGreaterThanOrEqualTo(0L);

    String key = MinuteMetrics.metricKey(new EventSource("purchase", "it"), minute.toEpochMilli());
    await().atMost(TIMEOUT).untilAsserted(() -> {
      MinuteMetric latest = latest(readAtLeast(metricsTopic, MinuteMetric.class, 1), key);
      assertThat(latest).isNotNull();
      assertThat(latest.getStatus()).isEqualTo("final");
      assertThat(latest.getCount()).isEqualTo(2);
      assertThat(latest.getDistinctUsers()).isEqualTo(2);
      assertThat(latest.getRevenue()).isEqualTo(14.75);
      assertThat(latest.getMinuteStart()).isEqualTo(minute);
      assertThat(latest.getSource()).isEqualTo("it");
    });
    assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
  }

  private static MinuteMetric latest(List<ConsumerRecord<String, MinuteMetric>> records, String key) {
    MinuteMetric latest = null;
    for (ConsumerRecord<String, MinuteMetric> r : records) {
      if (r.key().equals(key) && (latest == null || r.value().getUpdatedAt().isAfter(latest.getUpdatedAt()))) {
        latest = r.value();
      }
    }
    return latest;
  }

  /** Everything committed in {@code topic} once at least {@code n} records are visible. */
  private <T extends org.apache.avro.specific.SpecificRecord> List<ConsumerRecord<String, T>> readAtLeast(
      String topic, Class<T> type, int n) {
    Deserializer<T> values = new AvroDeserializer<>(registry, type);
    List<ConsumerRecord<String, T>> out = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      await().atMost(TIMEOUT).until(() -> {
        if (app.state() == KafkaStreams.State.ERROR) {
          throw new AssertionError("the streams application failed while " + topic + " had " + out.size()
              + " of " + n + " records; see its log above");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        return out.size() >= n;
      });
      // anything else already committed (e.g. a duplicate, which must not exist)
      consumer.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }

  private static Map<String, Object> producerConfig() {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
  }

  private Map<String, Object> consumerConfig() {
    return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
  }

  private static String purchase(String user, Instant timestamp, String revenueJson) {
    return "{\"event\":\"purchase\",\"user_id\":\"" + user + "\",\"timestamp\":\"" + timestamp
        + "\",\"properties\":{\"revenue\":" + revenueJson + "}}";
  }

  private static RawEvent raw(String eventId, Instant receivedAt, String payload) {
    return TestRecords.rawEvent(eventId, "it", receivedAt, payload);
  }

  private static byte[] toBytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
