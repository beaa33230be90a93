package dev.tributary.common.app;

import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.kafka.TopicInitSettings;
import dev.tributary.common.kafka.TopicInit;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the topic-init job of a deployment (docker-compose's {@code topic-init}): waits for
 * as many brokers as the replication factor, creates every catalogue topic that is missing with the configured partitions and replication factor, then
 * exits 0, so the services, which depend on its successful completion, start on topics of the
 * production shape. Existing topics are left as they are. Exit statuses follow {@link ServiceMain}
 * (2: invalid configuration; 1: Kafka did not answer or refused a topic, and a restart policy
 * retries).
 */
public final class TopicInitMain {

  private static final Logger log = LoggerFactory.getLogger(TopicInitMain.class);

  private TopicInitMain() {}

  public static void main(String[] args) {
    ServiceMain.run("topic-init", () -> {
      LayeredConfig config = LayeredConfig.load(TopicInitSettings.definition(), System.getenv(), Map.of());
      log.info("topic-init configuration:\n{}", config.describe());
      TopicInitSettings settings = TopicInitSettings.from(config);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
        TopicInit.run(admin, settings);
      }
      log.info("topic-init: {} topics exist ({} partitions unless the catalogue says otherwise, replication factor {})",
          settings.topics().all().size(), settings.partitions(), settings.replicationFactor());
      return 0;
    });
  }
}
