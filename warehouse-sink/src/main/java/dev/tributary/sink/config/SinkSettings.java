package dev.tributary.sink.config;

import dev.tributary.common.admin.AdminSettings;
import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.config.OverridePolicy;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.common.config.WiringKeys;
import dev.tributary.sink.cluster.ClusterSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The warehouse sink's configuration, parsed and validated once from {@link #definition()}. Keys
 * starting with {@code kafka.consumer.} pass through to the Kafka consumer (e.g.
 * {@code KAFKA_CONSUMER_MAX_POLL_RECORDS=2000}) under {@link #OVERRIDES}: not the settings
 * exactly-once delivery rests on ({@link #ENFORCED}, the deserializers), nor those the typed keys set.
 *
 * <p>Immutable and thread-safe. {@link Password} keeps the ClickHouse password out of
 * {@link #toString()}.
 */
public record SinkSettings(
    String bootstrapServers,
    String schemaRegistryUrl,
    Duration schemaRegistryTimeout,
    TopicNames topics,
    int topicPartitions,
    short topicReplicationFactor,
    Duration topicProvisionTimeout,
    String groupId,
    int batchRows,
    Duration batchMaxAge,
    Duration pollTimeout,
    Duration retryBackoff,
    Duration retryBackoffMax,
    String clickhouseUrl,
    String clickhouseUser,
    Password clickhousePassword,
    String clickhouseDatabase,
    Duration clickhouseTimeout,
    AdminSettings admin,
    Map<String, Object> consumerOverrides,
    Duration auditGaugesInterval,
    Duration personSnapshotInterval,
    ClusterSettings cluster) {

  public static final String BOOTSTRAP_SERVERS = PipelineConfig.BOOTSTRAP_SERVERS;
  public static final String SCHEMA_REGISTRY_URL = PipelineConfig.SCHEMA_REGISTRY_URL;
  public static final String SCHEMA_REGISTRY_TIMEOUT_MS = PipelineConfig.SCHEMA_REGISTRY_TIMEOUT_MS;
  /** The datasets this service loads: every dataset of the catalogue that has a warehouse table. */
  public static final List<Dataset<?>> DATASETS = Datasets.loaded();
  public static final String TOPIC_PARTITIONS = PipelineConfig.TOPIC_PARTITIONS;
  public static final String TOPIC_REPLICATION_FACTOR = PipelineConfig.TOPIC_REPLICATION_FACTOR;
  public static final String TOPIC_PROVISION_TIMEOUT_MS = "topic.provision.timeout.ms";
  public static final String GROUP_ID = WiringKeys.SINK_GROUP_ID;
  public static final String BATCH_ROWS = "sink.batch.rows";
  public static final String BATCH_MAX_AGE_MS = "sink.batch.max.age.ms";
  public static final String POLL_MS = "sink.poll.ms";
  public static final String RETRY_BACKOFF_MS = "sink.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "sink.retry.backoff.max.ms";
  public static final String CLICKHOUSE_URL = WiringKeys.CLICKHOUSE_URL;
  public static final String CLICKHOUSE_USER = "clickhouse.user";
  public static final String CLICKHOUSE_PASSWORD = "clickhouse.password";
  public static final String CLICKHOUSE_DATABASE = WiringKeys.CLICKHOUSE_DATABASE;
  public static final String CLICKHOUSE_TIMEOUT_MS = "clickhouse.timeout.ms";
  public static final String AUDIT_GAUGES_INTERVAL_MS = "audit.gauges.interval.ms";
  public static final String PERSON_SNAPSHOT_INTERVAL_MS = "persons.snapshot.interval.ms";
  /** Prefix of keys passed through to the Kafka consumer. */
  public static final String CONSUMER_PREFIX = "kafka.consumer.";
  public static final String ADMIN_HOST = WiringKeys.ADMIN_HOST;
  public static final String ADMIN_PORT = WiringKeys.ADMIN_PORT;
  /** Default of {@link #ADMIN_PORT}: next to ingest's 8080, the local registry's 8081 and streams' 8082. */
  public static final int DEFAULT_ADMIN_PORT = 8083;

  /**
   * Below ClickHouse's {@code max_insert_block_size} (1,048,576), so an INSERT of one batch is one
   * block, hence one part, hence atomic.
   */
  public static final int MAX_BATCH_ROWS = 1_000_000;

  /**
   * Consumer settings exactly-once delivery rests on: offsets are committed by the sink only after
   * ClickHouse acknowledged; only committed transactional writes of the Streams stage are read;
   * a partition with no position starts at the beginning (never skips); the sink never creates
   * topics by reading them.
   */
  public static final Map<String, Object> ENFORCED = Map.of(
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
      ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
      ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
      ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");

  /** What {@code kafka.consumer.*} may not set: the typed connection and group, and the delivery settings. */
  public static final OverridePolicy OVERRIDES = OverridePolicy.forPrefix(CONSUMER_PREFIX)
      .typed(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS)
      .typed(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID)
      .fixed(ENFORCED, "the sink's exactly-once delivery depends on it")
      .fixed(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getSimpleName(),
          "keys are read as the identity text")
      .fixed(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getSimpleName(),
          "values are decoded against the schema registry by the sink itself")
      .build();

  public SinkSettings {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(clickhouseUrl, "clickhouseUrl");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(cluster, "cluster");
    consumerOverrides = Map.copyOf(consumerOverrides);
    OVERRIDES.check(consumerOverrides);
    if (retryBackoffMax.compareTo(retryBackoff) < 0) {
      throw new ConfigException(RETRY_BACKOFF_MAX_MS, retryBackoffMax.toMillis(),
          "must be >= " + RETRY_BACKOFF_MS + " (" + retryBackoff.toMillis() + ")");
    }
  }

  /** Every key this service reads, with type, default, validator and documentation. */
  public static ConfigDef definition() {
    ConfigDef def = new ConfigDef();
    PipelineConfig.defineConnections(def);
    TopicNames.define(def, DATASETS);
    PipelineConfig.defineTopicCreation(def);
    AdminSettings.define(def, DEFAULT_ADMIN_PORT);
    ClusterSettings.define(def);
    return def
        .define(TOPIC_PROVISION_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
            "How long start-up waits for the input topics to exist.")
        .define(GROUP_ID, Type.STRING, "tributary-warehouse-sink", new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH, "Consumer group of the sink instances; partitions are shared among them."
                + " Committed offsets are only a lower bound: the sink resumes from what ClickHouse holds.")
        .define(BATCH_ROWS, Type.INT, 50_000, Range.between(1, MAX_BATCH_ROWS), Importance.MEDIUM,
            "Rows per INSERT at most. Bigger batches mean fewer parts for ClickHouse to merge;"
                + " at most " + MAX_BATCH_ROWS + " so that one INSERT stays one atomic block.")
        .define(BATCH_MAX_AGE_MS, Type.LONG, 500L, Range.atLeast(0), Importance.MEDIUM,
            "How long a row may wait for its batch to fill before it is written anyway: the latency"
                + " floor of the warehouse. Raise it if ClickHouse reports too many parts.")
        .define(POLL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
            "Longest wait of one Kafka poll.")
        .define(RETRY_BACKOFF_MS, Type.LONG, 200L, Range.atLeast(1), Importance.LOW,
            "First wait before retrying a failed ClickHouse call; doubles per attempt.")
        .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
            "Longest wait between retries of a ClickHouse call; the sink keeps retrying at this pace"
                + " for as long as ClickHouse is unavailable (consumption is paused meanwhile).")
        .define(CLICKHOUSE_URL, Type.STRING, "http://localhost:8123", new ConfigDef.NonEmptyString(),
            Importance.HIGH, "ClickHouse HTTP endpoint, without credentials.")
        .define(CLICKHOUSE_USER, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "ClickHouse user that creates the tables and inserts.")
        .define(CLICKHOUSE_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "Password of clickhouse.user.")
        .define(CLICKHOUSE_DATABASE, Type.STRING, "tributary", new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH, "Database of the warehouse tables; created when absent.")
        .define(CLICKHOUSE_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
            "Connect, socket and request timeout of each ClickHouse call. Keep it well below the"
                + " consumer's max.poll.interval.ms.")
        .define(AUDIT_GAUGES_INTERVAL_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
            "How often the sink reads the reconciliation view (audit_reconciliation_v, the last hour) into its"
                + " tributary_audit_* gauges on /metrics: the latest closed minute's gap and each stage's lag (see"
                + " docs/AUDIT.md). One SELECT over a separate ClickHouse client per interval; 0 turns the gauges off.")
        .define(PERSON_SNAPSHOT_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
            "How often the sink refreshes persons_snapshot, the in-memory copy of the person mapping that"
                + " daily_active_persons reads (docs/DESIGN.md, \"Daily active persons\"), when the persons table has"
                + " moved since. The metric is exact whatever the snapshot's age; ids remapped since the last refresh"
                + " are joined at query time, so a longer interval makes that query slower, not wrong. A refresh reads"
                + " the whole mapping (about 1 s per million mapped ids on 2 cores). Single-node warehouses only (a"
                + " cluster keeps the snapshot empty); 0 turns refreshing off.");
  }

  /** Reads and validates the settings from a loaded configuration. */
  public static SinkSettings from(LayeredConfig config) {
    AbstractConfig c = config.values();
    return new SinkSettings(
        c.getString(BOOTSTRAP_SERVERS),
        c.getString(SCHEMA_REGISTRY_URL),
        Duration.ofMillis(c.getLong(SCHEMA_REGISTRY_TIMEOUT_MS)),
        TopicNames.resolve(DATASETS, c::getString),
        c.getInt(TOPIC_PARTITIONS),
        c.getShort(TOPIC_REPLICATION_FACTOR),
        Duration.ofMillis(c.getLong(TOPIC_PROVISION_TIMEOUT_MS)),
        c.getString(GROUP_ID),
        c.getInt(BATCH_ROWS),
        Duration.ofMillis(c.getLong(BATCH_MAX_AGE_MS)),
        Duration.ofMillis(c.getLong(POLL_MS)),
        Duration.ofMillis(c.getLong(RETRY_BACKOFF_MS)),
        Duration.ofMillis(c.getLong(RETRY_BACKOFF_MAX_MS)),
        c.getString(CLICKHOUSE_URL),
        c.getString(CLICKHOUSE_USER),
        c.getPassword(CLICKHOUSE_PASSWORD),
        c.getString(CLICKHOUSE_DATABASE),
        Duration.ofMillis(c.getLong(CLICKHOUSE_TIMEOUT_MS)),
        AdminSettings.from(c),
        config.withPrefix(CONSUMER_PREFIX),
        Duration.ofMillis(c.getLong(AUDIT_GAUGES_INTERVAL_MS)),
        Duration.ofMillis(c.getLong(PERSON_SNAPSHOT_INTERVAL_MS)),
        ClusterSettings.from(c));
  }

  /** Loads from defaults and {@code overrides} only (tests and embedders). */
  public static SinkSettings of(Map<String, String> overrides) {
    return from(resolve(Map.of(), overrides));
  }

  /**
   * The resolved, validated configuration (typed keys and pass-through keys), e.g. to log it; every
   * invalid key and forbidden override reported in one {@link ConfigException}.
   */
  public static LayeredConfig resolve(Map<String, String> env, Map<String, String> overrides) {
    return LayeredConfig.load(definition(), env, overrides, OVERRIDES);
  }

  /** The Kafka consumer's configuration: pass-through overrides, then the enforced settings. */
  public Map<String, Object> consumerConfig() {
    Map<String, Object> props = new HashMap<>(consumerOverrides);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.putAll(ENFORCED);
    return props;
  }
}
