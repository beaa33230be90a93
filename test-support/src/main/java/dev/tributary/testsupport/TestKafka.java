package dev.tributary.testsupport;

import dev.tributary.localstack.component.KafkaTopics;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One real KRaft Kafka broker per test JVM, started in-JVM on first use (~3-4 s) on free ports,
 * with the single-node settings that exactly-once Streams needs. Stopped by the fixtures'
 * shutdown hook. Broker logs are set to WARN unless the module's logback-test.xml configures
 * {@code kafka} / {@code org.apache.kafka}.
 *
 * <p>Thread-safe.
 */
public final class TestKafka {

  private static final Lazy<EmbeddedKafkaBroker> BROKER = new Lazy<>("kafka", () -> {
    QuietLogs.kafkaBrokerToWarnUnlessConfigured();
    return EmbeddedKafkaBroker.start(Fixtures.newDataDir("kafka"), false, Map.of());
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
