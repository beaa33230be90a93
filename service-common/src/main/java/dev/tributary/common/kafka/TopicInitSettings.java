package dev.tributary.common.kafka;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.config.PipelineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the topic-init job, which creates every catalogue topic before the services start
 * (a deployment then fixes partitions and replication in one place instead of whichever service
 * happens to start first). The topics are the catalogue's ({@link Datasets#ALL}), named by the same
 * {@code topic.*} keys the services read, created by the same {@link TopicProvisioner}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topics every catalogue topic, by dataset
 */
public record TopicInitSettings(String bootstrapServers, TopicNames topics, int partitions, short replicationFactor,
    Duration timeout, short transactionVersionMax) {

  public static final String TIMEOUT_MS = "topic.init.timeout.ms";
  public static final String TRANSACTION_VERSION_MAX = "topic.init.transaction.version.max";

  /** Every key the job reads. */
  public static ConfigDef definition() {
    ConfigDef def = PipelineConfig.defineBootstrap(new ConfigDef());
    PipelineConfig.defineTopicCreation(def);
    TopicNames.define(def, Datasets.ALL);
    return def.define(TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1_000), Importance.LOW,
        "How long the job waits for Kafka to list and create the topics before it fails (exit 1; a restart"
            + " policy runs it again).")
        .define(TRANSACTION_VERSION_MAX, Type.SHORT, TransactionVersionPin.PROVEN_LEVEL, Range.between(-1, Short.MAX_VALUE), Importance.LOW,
            "The highest transaction.version feature level the job leaves finalized on the cluster: a higher one"
                + " is downgraded to it before the services start. Kafka 4.3.1 finalizes 2 on a new cluster, and"
                + " with 2 the exactly-once producers stalled for minutes after a broker was killed"
                + " (docs/OPERATIONS.md, \"Kafka cluster\"); exactly-once v2 needs only 1. -1 leaves the level"
                + " as it is.");
  }

  /** Settings from the environment and explicit overrides (see {@link LayeredConfig}). */
  public static TopicInitSettings load(Map<String, String> env, Map<String, String> overrides) {
    return from(LayeredConfig.load(definition(), env, overrides));
  }

  /** Builds the settings from a loaded configuration. */
  public static TopicInitSettings from(LayeredConfig config) {
    AbstractConfig v = config.values();
    return new TopicInitSettings(v.getString(PipelineConfig.BOOTSTRAP_SERVERS),
        TopicNames.resolve(Datasets.ALL, v::getString), v.getInt(PipelineConfig.TOPIC_PARTITIONS),
        v.getShort(PipelineConfig.TOPIC_REPLICATION_FACTOR), Duration.ofMillis(v.getLong(TIMEOUT_MS)),
        v.getShort(TRANSACTION_VERSION_MAX));
  }

  /** The topics to create when missing: each dataset's partitions and cleanup policy from the catalogue. */
  public List<NewTopic> newTopics() {
    return TopicProvisioner.newTopics(topics, partitions, replicationFactor);
  }
}
