package dev.tributary.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.connect.app.Main;
import dev.tributary.connect.config.ConnectSettings;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.RawEvent;
import dev.tributary.localstack.component.PostgresProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestCdcWorker;
import dev.tributary.testsupport.TestPostgres;
import dev.tributary.testsupport.TestShop;
import dev.tributary.testsupport.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change data capture end to end on real components: PostgreSQL (Debian's server), a Kafka Connect
 * worker in its own JVM running Debezium with the Tributary transform, the test Kafka broker and the
 * Apicurio registry. Rows inserted, updated and deleted become the mapped events on the raw topic
 * exactly once (read committed), across a SIGKILL of the worker; an unmappable row becomes a typed
 * dead letter. The pipeline from the raw topic on (dedupe, clean events, ClickHouse) is the
 * pipeline ITs' subject.
 */
class PostgresCdcIT {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final String DATABASE = TestShop.DATABASE;

  @TempDir
  Path dir;
  private TestCdcWorker worker;

  @AfterEach
  void stopWorker() {
    if (worker != null) {
      worker.stop();
    }
  }

  @Test
  void shouldTurnRowChangesIntoEventsExactlyOnceAcrossAWorkerKill() throws Exception {
    Run run = Run.create();
    String rawTopic = run.rawTopic();
    String dlqTopic = run.dlqTopic();
    PostgresProcess postgres = shop(run);
    sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c1', 10.00, 'new')");
    Map<String, String> settings = settings(postgres, run);

    long t0 = System.nanoTime();
    worker = TestCdcWorker.start(Main.class, settings, logFile("connect-1"));
    long started = System.nanoTime();
    sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c2', 25.50, 'new')");
    sql(postgres, "UPDATE orders SET status = 'paid' WHERE id = 1");
    sql(postgres, "DELETE FROM orders WHERE id = 2");
    sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES (NULL, 5.00, 'new')");
    awaitEvents(rawTopic, 4);

    long firstEvents = System.nanoTime();
    worker.kill();
    sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c4', 7.25, 'new')");
    sql(postgres, "UPDATE orders SET customer_id = 'c3' WHERE id = 3");
    long killed = System.nanoTime();
    worker = TestCdcWorker.start(Main.class, settings, logFile("connect-2"));
    long restarted = System.nanoTime();
    // a sentinel after everything else: once it is read, any replay of earlier changes would have been too
    sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c5', 1.00, 'sentinel')");
    List<RawEvent> events = awaitSentinel(rawTopic);
    System.out.printf(java.util.Locale.ROOT, "CDC timings: worker start to task RUNNING %.1f s, first changes on the raw topic"
        + " %.1f s later; restart after SIGKILL to task RUNNING %.1f s, remaining changes %.1f s later%n",
        (started - t0) / 1e9, (firstEvents - started) / 1e9, (restarted - killed) / 1e9, (System.nanoTime() - restarted) / 1e9);

    assertThat(events).extracting(RawEvent::getEventId).doesNotHaveDuplicates();
    assertThat(events).extracting(e -> e.getSource()).containsOnly("postgres:" + DATABASE);
    assertThat(events.stream().map(PostgresCdcIT::describe).toList()).containsExactlyInAnyOrder(
        "order_created 1 c1 10.00 new",
        "order_created 2 c2 25.50 new",
        "order_updated 1 c1 10.00 paid",
        "order_deleted 2 c2 25.50 new",
        "order_created 4 c4 7.25 new",
        "order_updated 3 c3 5.00 new",
        "order_created 5 c5 1.00 sentinel");
    List<DeadLetter> deadLetters = read(dlqTopic, DeadLetter.class);
    assertThat(deadLetters).singleElement().satisfies(d -> {
      assertThat(d.getReason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
      assertThat(d.getField()).isEqualTo("customer_id");
      assertThat(d.getStage()).isEqualTo("connect");
      assertThat(StandardCharsets.UTF_8.decode(d.getRawPayload()).toString()).contains("\"amount\":5.00");
    });
  }

  /**
   * The longer mode ({@code -Dcdc.it.long=true}, about a minute more): PostgreSQL itself is killed
   * with SIGKILL (server and backends) while the worker streams, restarted from its data directory,
   * and the changes committed before and after the kill land exactly once.
   */
  @Test
  @EnabledIfSystemProperty(named = "cdc.it.long", matches = "true")
  void shouldKeepEventsExactlyOnceAcrossAPostgresKill() throws Exception {
    Run run = Run.create();
    String rawTopic = run.rawTopic();
    PostgresProcess postgres = shop(run);
    worker = TestCdcWorker.start(Main.class, settings(postgres, run), logFile("connect-pg-kill"));
    sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c1', 10.00, 'new')");
    sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c2', 20.00, 'new')");
    awaitEvents(rawTopic, 2);

    postgres.kill();
    postgres = TestPostgres.restart(postgres);
    sql(postgres, "UPDATE orders SET status = 'paid' WHERE id = 1");
    // an explicit id: a crash makes the sequence skip its cached values
    sql(postgres, "INSERT INTO orders (id, customer_id, amount, status) VALUES (100, 'c3', 30.00, 'sentinel')");
    List<RawEvent> events = awaitSentinel(rawTopic);

    assertThat(events).extracting(RawEvent::getEventId).doesNotHaveDuplicates();
    assertThat(events.stream().map(PostgresCdcIT::describe).toList()).containsExactlyInAnyOrder(
        "order_created 1 c1 10.00 new",
        "order_created 2 c2 20.00 new",
        "order_updated 1 c1 10.00 paid",
        "order_created 100 c3 30.00 sentinel");
  }

  private static String describe(RawEvent event) {
    try {
      JsonNode json = JSON.readTree(event.getPayload());
      JsonNode p = json.path("properties");
      return json.path("event").asText() + " " + json.path("context").path("cdc").path("key").path("id").asText() + " "
          + json.path("user_id").asText() + " " + p.path("revenue").decimalValue().setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString() + " "
          + p.path("status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<RawEvent> awaitEvents(String topic, int count) {
    List<RawEvent> events = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      events.clear();
      events.addAll(read(topic, RawEvent.class));
      assertThat(events).hasSizeGreaterThanOrEqualTo(count);
    });
    return events;
  }

  /** Every event once the sentinel order is among them: any replay of an earlier change would precede it. */
  private List<RawEvent> awaitSentinel(String topic) {
    List<RawEvent> events = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      events.clear();
      events.addAll(read(topic, RawEvent.class));
      assertThat(events).anySatisfy(e -> assertThat(e.getPayload()).contains("\"status\":\"sentinel\""));
    });
    return events;
  }

  private static <T extends SpecificRecord> List<T> read(String topic, Class<T> type) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
         KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
             new AvroDeserializer<>(registry, type))) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<T> values = new ArrayList<>();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }

  /** One test's names: its topics, Connect group and storage topics, database server. */
  private record Run(String prefix, String rawTopic, String dlqTopic) {
    static Run create() {
      String prefix = "cdc-" + UUID.randomUUID().toString().substring(0, 8) + "-";
      Run run = new Run(prefix, prefix + Datasets.RAW.topic().defaultName(),
          prefix + Datasets.DEAD_LETTERS.topic().defaultName());
      TestKafka.createTopics(3, run.rawTopic(), run.dlqTopic());
      return run;
    }
  }

  private static PostgresProcess shop(Run run) throws SQLException {
    return TestShop.start(run.prefix() + "shop");
  }

  private Map<String, String> settings(PostgresProcess postgres, Run run) throws Exception {
    String prefix = run.prefix();
    Path mapping = dir.resolve("mapping.properties");
    Files.writeString(mapping, TestShop.MAPPING);
    Map<String, String> s = new LinkedHashMap<>();
    s.put(PipelineConfig.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    s.put(PipelineConfig.SCHEMA_REGISTRY_URL, TestRegistry.url());
    s.put(Datasets.RAW.topic().configKey(), run.rawTopic());
    s.put(Datasets.DEAD_LETTERS.topic().configKey(), run.dlqTopic());
    s.put(ConnectSettings.REST_PORT, Integer.toString(Ports.free()));
    s.put(ConnectSettings.GROUP_ID, prefix + "connect");
    s.put(ConnectSettings.STORAGE_TOPIC_PREFIX, prefix + "connect-");
    s.put(ConnectSettings.MAPPING_FILE, mapping.toString());
    s.put(ConnectSettings.POSTGRES_PORT, Integer.toString(postgres.port()));
    s.put(ConnectSettings.POSTGRES_DATABASE, DATABASE);
    return s;
  }

  private static void sql(PostgresProcess postgres, String statements) throws SQLException {
    TestShop.sql(postgres, statements);
  }

  private Path logFile(String name) {
    return Path.of(System.getProperty("user.dir"), "target", "fixture-logs", name + "-" + ProcessHandle.current().pid() + ".log");
  }
}
