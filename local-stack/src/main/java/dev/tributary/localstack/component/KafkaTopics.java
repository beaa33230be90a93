package dev.tributary.localstack.component;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics on a single-node broker (replication factor 1), leaving existing ones as they
 * are. Used by the CLI and the test fixtures. Stateless and thread-safe.
 */
public final class KafkaTopics {

  private KafkaTopics() {}

  /** Creates the missing topics among {@code names} and waits (up to 30 s) until they exist. */
  public static void ensure(String bootstrapServers, int partitions, String... names) {
    List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      CreateTopicsResult result = admin.createTopics(topics);
      for (String name : names) {
        try {
          result.values().get(name).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("could not create topic " + name + " on " + bootstrapServers + ": " + e.getCause(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + Arrays.toString(names), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("topics " + Arrays.toString(names) + " not created within 30 s on " + bootstrapServers, e);
    }
  }
}
