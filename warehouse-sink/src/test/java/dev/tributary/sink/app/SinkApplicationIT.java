package dev.tributary.sink.app;

import dev.tributary.sink.testing.Claimed;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.WarehouseTables;
import static dev.tributary.testsupport.TestRecords.JAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.MinuteMetric;
import dev.tributary.schema.registry.SchemaRegistry;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.sink.testing.Batches;
import dev.tributary.sink.testing.TcpProxy;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.testsupport.TestRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole sink against a real Kafka broker, Apicurio registry and ClickHouse 18.16: every record
 * lands once, restarts do not duplicate, and rows inserted by a killed predecessor are not written
 * again.
 */
class SinkApplicationIT {

  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
  private static String database;
  private static SchemaRegistry registry;

  private String clean;
  private String dlq;
  private String metrics;
  private String tooLate;
  private String group;
  private final List<SinkApplication> apps = new ArrayList<>();

  @BeforeAll
  static void fixtures() {
    database = TestClickHouse.createDatabase();
    registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
  }

  @BeforeEach
  void topics() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    clean = "clean-" + id;
    dlq = "dlq-" + id;
    metrics = "metrics-" + id;
    tooLate = "too-late-" + id;
    group = "sink-" + id;
    TestKafka.createTopics(3, clean, dlq, metrics, tooLate);
  }

  @AfterEach
  void stopApps() {
    apps.forEach(SinkApplication::close);
  }

  private SinkApplication startSink() {
    return startSink(TestClickHouse.httpUrl(), true);
  }

  private SinkApplication startSink(String clickhouseUrl, boolean awaitRunning) {
    Map<String, String> config = new HashMap<>();
    config.put(SinkSettings.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    config.put(SinkSettings.SCHEMA_REGISTRY_URL, TestRegistry.url());
    config.put(SinkSettings.CLICKHOUSE_URL, clickhouseUrl);
    config.put(SinkSettings.CLICKHOUSE_DATABASE, database);
    config.put(Datasets.CLEAN.topic().configKey(), clean);
    config.put(Datasets.DEAD_LETTERS.topic().configKey(), dlq);
    config.put(Datasets.METRICS_MINUTE.topic().configKey(), metrics);
    config.put(Datasets.METRICS_TOO_LATE.topic().configKey(), tooLate);
    config.put(SinkSettings.GROUP_ID, group);
    config.put(SinkSettings.BATCH_ROWS, "40");
    config.put(SinkSettings.BATCH_MAX_AGE_MS, "200");
    config.put(SinkSettings.POLL_MS, "50");
    config.put(SinkSettings.RETRY_BACKOFF_MS, "100");
    config.put(SinkSettings.RETRY_BACKOFF_MAX_MS, "500");
    config.put(SinkSettings.CLICKHOUSE_TIMEOUT_MS, "5000");
    config.put("kafka.consumer.max.poll.records", "100");
    SinkApplication app = SinkApplication.start(SinkSettings.of(config));
    apps.add(app);
    if (awaitRunning) {
      await().atMost(LOAD_TIMEOUT).until(() -> app.isRunning() || app.failure().isPresent());
      assertThat(app.failure()).isEmpty();
    }
    return app;
  }

  private <T extends SpecificRecord> List<RecordMetadata> produce(String topic, List<String> keys, List<T> values)
      throws Exception {
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all");
    List<RecordMetadata> sent = new ArrayList<>();
    try (KafkaProducer<String, T> producer = new KafkaProducer<>(props, new StringSerializer(),
        new AvroSerializer<>(registry, false))) {
      for (int i = 0; i < values.size(); i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, keys.get(i), values.get(i))).get());
      }
    }
    return sent;
  }

  private List<CleanEvent> events(String prefix, int n) {
    List<CleanEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestRecords.cleanEvent(prefix + i, JAN.plusMillis(i)));
    }
    return out;
  }

  private static List<String> keys(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + (i % 17));
    }
    return out;
  }

  private static long count(String sql) {
    return Long.parseLong(TestClickHouse.query(sql).strip());
  }

  private String where(String topic) {
    return " WHERE _topic = '" + topic + "'";
  }

  @Test
  void shouldLoadEveryTopicExactlyOnceAndNotDuplicateAfterRestart() throws Exception {
    produce(clean, keys("u", 300), events("a-", 300));
    byte[] raw = {(byte) 0xff, '{', 0};
    produce(dlq, List.of("k1", "k2"), List.of(TestRecords.deadLetter("bad-1", JAN, raw),
        TestRecords.deadLetter("bad-2", JAN, null)));
    Instant minute = Instant.parse("2026-01-31T23:59:00Z");
    produce(metrics, List.of("purchase@web@1", "purchase@web@1", "purchase@web@1"), List.of(
        version(TestRecords.minuteMetric("purchase", minute, 1, 9.5), "provisional", 10),
        version(TestRecords.minuteMetric("purchase", minute, 2, 19.0), "provisional", 20),
        version(TestRecords.minuteMetric("purchase", minute, 3, 28.5), "final", 180)));
    produce(tooLate, List.of("purchase@web@1"), List.of(TestRecords.tooLateEvent("purchase", minute)));

    SinkApplication first = startSink();
    await().atMost(LOAD_TIMEOUT).until(() -> count("SELECT count() FROM " + database + ".events" + where(clean)) == 300
        && count("SELECT count() FROM " + database + ".dead_letters" + where(dlq)) == 2
        && count("SELECT count() FROM " + database + ".metrics_minute" + where(metrics)) == 3
        && count("SELECT count() FROM " + database + ".metrics_too_late" + where(tooLate)) == 1);
    first.close();

    produce(clean, keys("u", 100), events("b-", 100));
    startSink();
    await().atMost(LOAD_TIMEOUT).until(() -> count("SELECT count() FROM " + database + ".events" + where(clean)) >= 400);

    assertThat(TestClickHouse.query("SELECT count(), uniqExact(event_id), uniqExact(_partition, _offset) FROM "
        + database + ".events" + where(clean)).strip()).isEqualTo("400\t400\t400");
    assertThat(TestClickHouse.query("SELECT event_id, user_id, toString(received_at), received_at_ms, revenue, source"
        + " FROM " + database + ".events" + where(clean) + " AND event_id = 'a-7' FORMAT TabSeparated").strip())
        .isEqualTo("a-7\tuser-a-7\t2026-01-31 23:59:58\t" + JAN.plusMillis(7).toEpochMilli() + "\t9.5\tweb");
    assertThat(TestClickHouse.query("SELECT event_id, hex(raw_payload), raw_key, source_topic, source_offset FROM "
        + database + ".dead_letters" + where(dlq) + " ORDER BY event_id FORMAT TabSeparated").strip())
        .isEqualTo("bad-1\tFF7B00\tuser-1\tevents.raw\t42\nbad-2\t\tuser-1\tevents.raw\t42");
    assertThat(TestClickHouse.query("SELECT status, count, revenue, too_late_events FROM " + database + ".metrics_minute_v"
        + " WHERE (minute, event) IN (SELECT minute, event FROM " + database + ".metrics_minute" + where(metrics)
        + ") FORMAT TabSeparated").strip()).isEqualTo("final\t3\t28.5\t1");
    assertThat(count("SELECT count() FROM " + database + ".metrics_too_late" + where(tooLate))).isEqualTo(1);
  }

  private static MinuteMetric version(MinuteMetric m, String status, long secondsAfterMinute) {
    return MinuteMetric.newBuilder(m).setStatus(status).setUpdatedAt(m.getMinuteStart().plusSeconds(secondsAfterMinute))
        .build();
  }

  @Test
  void shouldResumeAfterRowsInsertedButNeverCommitted() throws Exception {
    List<CleanEvent> values = events("c-", 60);
    List<RecordMetadata> sent = produce(clean, keys("u", 60), values);
    // a killed predecessor inserted the first 5 records of each partition but never committed
    Map<TopicPartition, List<Row>> preloaded = new HashMap<>();
    for (int i = 0; i < sent.size(); i++) {
      RecordMetadata m = sent.get(i);
      if (m.offset() < 5) {
        CleanEvent marked = CleanEvent.newBuilder(values.get(i)).setSource("predecessor").build();
        preloaded.computeIfAbsent(new TopicPartition(m.topic(), m.partition()), k -> new ArrayList<>())
            .add(Rows.of(marked, m.topic(), m.partition(), m.offset()));
      }
    }
    try (ClickHouseWarehouseWriter writer = new ClickHouseWarehouseWriter(TestClickHouse.httpUrl(), "default", "",
        database, Duration.ofSeconds(30))) {
      writer.createSchema();
      preloaded.forEach((tp, rows) -> {
        rows.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        Claimed.insert(writer, Batches.of(WarehouseTables.EVENTS, tp, rows));
      });
    }
    long preloadedRows = preloaded.values().stream().mapToLong(List::size).sum();

    startSink();
    await().atMost(LOAD_TIMEOUT).until(() -> count("SELECT count() FROM " + database + ".events" + where(clean)) >= 60);

    assertThat(TestClickHouse.query("SELECT count(), uniqExact(_partition, _offset), countIf(source = 'predecessor')"
        + " FROM " + database + ".events" + where(clean)).strip()).isEqualTo("60\t60\t" + preloadedRows);
  }
  @Test
  void shouldWaitOutClickHouseOutageWithoutLossOrDuplicate() throws Exception {
    URI target = URI.create(TestClickHouse.httpUrl());
    try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
      proxy.cut();
      SinkApplication app = startSink("http://127.0.0.1:" + proxy.port(), false);
      produce(clean, keys("u", 100), events("d-", 100));
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !app.isRunning());
      assertThat(app.state()).isEqualTo(SinkApplication.State.STARTING); // retrying table creation

      proxy.restore();
      await().atMost(LOAD_TIMEOUT).ignoreExceptions().until(() -> count("SELECT count() FROM " + database + ".events" + where(clean)) >= 40);
      proxy.cut(); // mid-load: inserts fail, partitions pause, batches are retried
      produce(clean, keys("u", 100), events("e-", 100));
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(app::isRunning);
      proxy.restore();

      await().atMost(LOAD_TIMEOUT).until(() -> count("SELECT count() FROM " + database + ".events" + where(clean)) >= 200);
      assertThat(TestClickHouse.query("SELECT count(), uniqExact(event_id), uniqExact(_partition, _offset) FROM "
          + database + ".events" + where(clean)).strip()).isEqualTo("200\t200\t200");
      assertThat(app.failure()).isEmpty();
    }
  }

  @Test
  void shouldStopNamingCoordinatesWhenRecordIsNotAvro() throws Exception {
    produce(clean, List.of("u1"), List.of(TestRecords.cleanEvent("ok", JAN)));
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(clean, 0, "u2", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8))).get();
    }

    SinkApplication app = startSink(TestClickHouse.httpUrl(), false);

    await().atMost(LOAD_TIMEOUT).until(() -> app.state() == SinkApplication.State.FAILED);
    assertThat(app.failure()).get().asString().contains(clean + "-0 offset").contains("only write valid Avro");
  }
}
