package dev.tributary.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.connect.config.ConnectSettings;
import dev.tributary.events.RawEvent;
import dev.tributary.localstack.component.PostgresProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import dev.tributary.testsupport.TestShop;
import java.math.RoundingMode;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One CDC IT run's names (topics, Connect group and storage topics, database server) and the steps
 * the CDC ITs share: the worker's settings, SQL on the shop, reading the raw and dead-letter topics
 * read-committed, and a one-line description of a mapped event. Shared by {@link PostgresCdcIT} and
 * {@link PostgresKillCdcIT}, which runs by name outside {@code ./mvnw verify}. Immutable.
 *
 * @param prefix the run's prefix of every name
 * @param rawTopic the raw events topic the worker writes
 * @param dlqTopic the dead-letter topic the worker writes
 */
record CdcRun(String prefix, String rawTopic, String dlqTopic) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** New names, and the raw and dead-letter topics created with three partitions. */
  static CdcRun create() {
    String prefix = "cdc-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    CdcRun run = new CdcRun(prefix, prefix + Datasets.RAW.topic().defaultName(),
        prefix + Datasets.DEAD_LETTERS.topic().defaultName());
    TestKafka.createTopics(3, run.rawTopic(), run.dlqTopic());
    return run;
  }

  /** A PostgreSQL server of its own holding the shop database. */
  PostgresProcess shop() throws SQLException {
    return TestShop.start(prefix + "shop");
  }

  /** The worker's settings: this run's topics and group, {@code postgres}'s shop, a mapping file in {@code dir}. */
  Map<String, String> settings(PostgresProcess postgres, Path dir) throws Exception {
    Path mapping = dir.resolve("mapping.properties");
    Files.writeString(mapping, TestShop.MAPPING);
    Map<String, String> s = new LinkedHashMap<>();
    s.put(PipelineConfig.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    s.put(PipelineConfig.SCHEMA_REGISTRY_URL, TestRegistry.url());
    s.put(Datasets.RAW.topic().configKey(), rawTopic);
    s.put(Datasets.DEAD_LETTERS.topic().configKey(), dlqTopic);
    s.put(ConnectSettings.REST_PORT, Integer.toString(Ports.free()));
    s.put(ConnectSettings.GROUP_ID, prefix + "connect");
    s.put(ConnectSettings.STORAGE_TOPIC_PREFIX, prefix + "connect-");
    s.put(ConnectSettings.MAPPING_FILE, mapping.toString());
    s.put(ConnectSettings.POSTGRES_PORT, Integer.toString(postgres.port()));
    s.put(ConnectSettings.POSTGRES_DATABASE, TestShop.DATABASE);
    return s;
  }

  static void sql(PostgresProcess postgres, String statements) throws SQLException {
    TestShop.sql(postgres, statements);
  }

  /** Waits until the raw topic holds at least {@code count} events; returns them. */
  List<RawEvent> awaitEvents(int count) {
    List<RawEvent> events = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      events.clear();
      events.addAll(read(rawTopic, RawEvent.class));
      assertThat(events).hasSizeGreaterThanOrEqualTo(count);
    });
    return events;
  }

  /** Every event once the sentinel order is among them: any replay of an earlier change would precede it. */
  List<RawEvent> awaitSentinel() {
    List<RawEvent> events = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      events.clear();
      events.addAll(read(rawTopic, RawEvent.class));
      assertThat(events).anySatisfy(e -> assertThat(e.getPayload()).contains("\"status\":\"sentinel\""));
    });
    return events;
  }

  /** Every committed record of {@code topic} (read_committed, from the beginning to the current end). */
  static <T extends SpecificRecord> List<T> read(String topic, Class<T> type) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
         KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
             new AvroDeserializer<>(registry, type))) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<T> values = new ArrayList<>();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }

  /** {@code "<event> <order id> <user> <revenue> <status>"}, what the ITs compare. */
  static String describe(RawEvent event) {
    try {
      JsonNode json = JSON.readTree(event.getPayload());
      JsonNode p = json.path("properties");
      return json.path("event").asText() + " " + json.path("context").path("cdc").path("key").path("id").asText() + " "
          + json.path("user_id").asText() + " "
          + p.path("revenue").decimalValue().setScale(2, RoundingMode.UNNECESSARY).toPlainString() + " "
          + p.path("status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fixture log file under the module's {@code target/fixture-logs}. */
  static Path logFile(String name) {
    return Path.of(System.getProperty("user.dir"), "target", "fixture-logs",
        name + "-" + ProcessHandle.current().pid() + ".log");
  }
}
