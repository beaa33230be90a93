package dev.tributary.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The configuration keys every Tributary service shares — where Kafka and the schema registry are,
 * and how missing topics are created — defined once (topic names come from the dataset catalogue,
 * {@code TopicNames}) so that each key means the
 * same thing, with the same type, default and documentation, in every service.
 *
 * <p>Stateless and thread-safe.
 */
public final class PipelineConfig {

  public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_TIMEOUT_MS = "schema.registry.timeout.ms";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";

  private PipelineConfig() {}

  /** Defines {@code kafka.bootstrap.servers}, {@code schema.registry.url} and {@code schema.registry.timeout.ms}. */
  public static ConfigDef defineConnections(ConfigDef def) {
    return defineBootstrap(def)
        .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://localhost:8081/apis/ccompat/v7",
            new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Base URL of the Confluent-compatible schema registry API (Apicurio: .../apis/ccompat/v7;"
                + " Confluent SR, Karapace, Redpanda: their root URL).")
        .define(SCHEMA_REGISTRY_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
            "Connect and request timeout of one schema registry call.");
  }

  /** Defines {@code kafka.bootstrap.servers} alone (a job that only talks to Kafka). */
  public static ConfigDef defineBootstrap(ConfigDef def) {
    return def.define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", new ConfigDef.NonEmptyString(), Importance.HIGH,
        "Kafka bootstrap servers, host:port[,host:port...].");
  }

  /** Defines {@code topic.partitions} and {@code topic.replication.factor}, used when a service creates a missing topic. */
  public static ConfigDef defineTopicCreation(ConfigDef def) {
    return def
        .define(TOPIC_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.LOW,
            "Partitions of the topics this service creates when they are missing (existing topics are left as"
                + " they are). Partitions bound the parallelism of every stage.")
        .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.LOW,
            "Replication factor of the topics this service creates when they are missing; 3 in production.");
  }
}
