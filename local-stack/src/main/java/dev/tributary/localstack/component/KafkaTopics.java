package dev.tributary.localstack.component;

import dev.tributary.common.kafka.TopicProvisioner;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates topics on a single-node broker (replication factor 1) or a cluster, leaving existing ones as
 * they are: {@link TopicProvisioner} with an Admin client of its own. Used by the CLI, the bench and the
 * test fixtures. Stateless and thread-safe.
 */
public final class KafkaTopics {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaTopics() {}

  /** Creates the missing topics among {@code names} and waits (up to 30 s) until they exist. */
  public static void ensure(String bootstrapServers, int partitions, String... names) {
    ensure(bootstrapServers, partitions, (short) 1, names);
  }

  /** As {@link #ensure(String, int, String...)}, each topic with {@code replicationFactor} replicas. */
  public static void ensure(String bootstrapServers, int partitions, short replicationFactor, String... names) {
    List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, replicationFactor)).toList();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      TopicProvisioner.ensure(admin, topics, TIMEOUT);
    }
  }
}
