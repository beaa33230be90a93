package dev.tributary.testsupport;

import dev.tributary.localstack.component.KafkaTopics;
import dev.tributary.testsupport.containers.FixtureContainers;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real KRaft Kafka broker per test JVM, started on first use with the single-node settings that
 * exactly-once Streams needs: in this JVM on free ports (~3-4 s), or, with the container fixtures
 * ({@code -Dtributary.fixtures}, see {@link FixtureChoice}), the apache/kafka image pinned in
 * docker-compose.yml. Stopped by the fixtures' shutdown hook. The in-JVM broker's logs are set to
 * WARN unless the module's logback-test.xml configures {@code kafka} / {@code org.apache.kafka}.
 *
 * <p>Thread-safe.
 */
public final class TestKafka {

  private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);
  private static final Lazy<Running.Kafka> BROKER = new Lazy<>("kafka", () -> {
    if (FixtureChoice.containers()) {
      KafkaContainer container = FixtureChoice.start("Kafka",
          FixtureContainers.kafka(FixtureChoice.images(), FixtureChoice.network()));
      return new Running.Kafka(container.getBootstrapServers(), container::stop);
    }
    QuietLogs.kafkaBrokerToWarnUnlessConfigured();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Fixtures.newDataDir("kafka"), false, Map.of());
    LOG.info("Kafka fixture: in-JVM broker (kafka_2.13 {}) at {}", AppInfoParser.getVersion(), broker.bootstrapServers());
    return new Running.Kafka(broker.bootstrapServers(), broker);
  });

  private TestKafka() {}

  /** {@code localhost:<port>} of the broker, starting it if needed. */
  public static String bootstrapServers() {
    return BROKER.get().bootstrapServers();
  }

  /** An Admin client for the broker; the caller closes it. */
  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /**
   * Creates the topics (replication factor 1) and waits until they exist; topics that already
   * exist are left as they are, so tests may call this freely.
   */
  public static void createTopics(int partitions, String... names) {
    KafkaTopics.ensure(bootstrapServers(), partitions, names);
  }
}
