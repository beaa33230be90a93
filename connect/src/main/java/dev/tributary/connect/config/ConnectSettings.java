package dev.tributary.connect.config;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.common.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * The CDC worker's configuration, parsed and validated once from {@link #definition()}: where
 * Kafka, the registry and PostgreSQL are, the Connect worker's group, REST port and storage topics,
 * and the connector (its name, slot, publication, snapshot mode, the mapping file).
 *
 * <p>Immutable and thread-safe; {@link Password} keeps the database password out of {@link #toString()}.
 */
public record ConnectSettings(
    String bootstrapServers,
    String schemaRegistryUrl,
    Duration schemaRegistryTimeout,
    TopicNames topics,
    String restHost,
    int restPort,
    String groupId,
    String storageTopicPrefix,
    short storageReplicationFactor,
    String connectorName,
    Path mappingFile,
    String source,
    String postgresHost,
    int postgresPort,
    String postgresDatabase,
    String postgresUser,
    Password postgresPassword,
    String slotName,
    String publicationName,
    String snapshotMode) {

  /** The datasets the worker writes. */
  public static final List<Dataset<?>> DATASETS = List.of(Datasets.RAW, Datasets.DEAD_LETTERS);
  public static final String REST_HOST = "connect.rest.host";
  public static final String REST_PORT = "connect.rest.port";
  /** Next to the services' defaults (ingest 8080, streams 8082, sink 8083, console 8084), so one host runs them all. */
  public static final int DEFAULT_REST_PORT = 8085;
  public static final String GROUP_ID = "connect.group.id";
  public static final String STORAGE_TOPIC_PREFIX = "connect.storage.topic.prefix";
  public static final String STORAGE_REPLICATION_FACTOR = "connect.storage.replication.factor";
  public static final String CONNECTOR_NAME = "cdc.connector.name";
  public static final String MAPPING_FILE = "cdc.mapping.file";
  public static final String SOURCE = "cdc.source";
  public static final String POSTGRES_HOST = "postgres.host";
  public static final String POSTGRES_PORT = "postgres.port";
  public static final String POSTGRES_DATABASE = "postgres.database";
  public static final String POSTGRES_USER = "postgres.user";
  public static final String POSTGRES_PASSWORD = "postgres.password";
  public static final String SLOT_NAME = "cdc.slot.name";
  public static final String PUBLICATION_NAME = "cdc.publication.name";
  public static final String SNAPSHOT_MODE = "cdc.snapshot.mode";

  /** Every key, with its type, default, validator and doc. */
  public static ConfigDef definition() {
    ConfigDef def = PipelineConfig.defineConnections(new ConfigDef());
    TopicNames.define(def, DATASETS);
    return def
        .define(REST_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Interface the Kafka Connect REST API listens on (connectors, status, restarts).")
        .define(REST_PORT, Type.INT, DEFAULT_REST_PORT, Range.between(1, 65535), Importance.HIGH,
            "Port of the Kafka Connect REST API (not Connect's usual 8083: that is the warehouse sink's admin.port).")
        .define(GROUP_ID, Type.STRING, "tributary-connect", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Group id of the Connect cluster: workers with the same id share connectors and tasks.")
        .define(STORAGE_TOPIC_PREFIX, Type.STRING, "_connect-", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Prefix of the Connect cluster's compacted storage topics: <prefix>configs, <prefix>offsets"
                + " (the connector's position in the write-ahead log), <prefix>status.")
        .define(STORAGE_REPLICATION_FACTOR, Type.SHORT, (short) 1, Importance.MEDIUM,
            "Replication factor of the Connect storage topics (3 in production).")
        .define(CONNECTOR_NAME, Type.STRING, "tributary-postgres", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Name of the Debezium PostgreSQL connector this worker registers (PUT /connectors/<name>/config).")
        .define(MAPPING_FILE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Properties file mapping table changes to events (tables, identity, timestamp, properties, revenue,"
                + " event name per operation); checked against the database at start. See docs/SOURCES.md.")
        .define(SOURCE, Type.STRING, "", Importance.MEDIUM,
            "The events' source name; empty: postgres:<postgres.database>.")
        .define(POSTGRES_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Host of the PostgreSQL server captured.")
        .define(POSTGRES_PORT, Type.INT, 5432, Range.between(1, 65535), Importance.HIGH,
            "Port of the PostgreSQL server captured.")
        .define(POSTGRES_DATABASE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
            Importance.HIGH, "Database captured.")
        .define(POSTGRES_USER, Type.STRING, "postgres", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "User with the REPLICATION attribute (and CREATE on the database, to create the publication).")
        .define(POSTGRES_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "Password of postgres.user.")
        .define(SLOT_NAME, Type.STRING, "tributary", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Logical replication slot (pgoutput): the server keeps the WAL the connector has not confirmed.")
        .define(PUBLICATION_NAME, Type.STRING, "tributary", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Publication of the mapped tables; created (filtered to them) when absent.")
        .define(SNAPSHOT_MODE, Type.STRING, "initial",
            ConfigDef.ValidString.in("initial", "no_data", "when_needed", "always"), Importance.MEDIUM,
            "Debezium snapshot.mode: initial reads the existing rows once (as snapshot events) before streaming.");
  }

  /** The layered configuration: defaults < TRIBUTARY_CONFIG_FILE < environment < overrides. */
  public static LayeredConfig resolve(Map<String, String> env, Map<String, String> overrides) {
    return LayeredConfig.load(definition(), env, overrides);
  }

  public static ConnectSettings from(LayeredConfig config) {
    AbstractConfig c = config.values();
    String database = c.getString(POSTGRES_DATABASE);
    String source = c.getString(SOURCE);
    return new ConnectSettings(
        c.getString(PipelineConfig.BOOTSTRAP_SERVERS),
        c.getString(PipelineConfig.SCHEMA_REGISTRY_URL),
        Duration.ofMillis(c.getLong(PipelineConfig.SCHEMA_REGISTRY_TIMEOUT_MS)),
        TopicNames.resolve(DATASETS, c::getString),
        c.getString(REST_HOST),
        c.getInt(REST_PORT),
        c.getString(GROUP_ID),
        c.getString(STORAGE_TOPIC_PREFIX),
        c.getShort(STORAGE_REPLICATION_FACTOR),
        c.getString(CONNECTOR_NAME),
        Path.of(c.getString(MAPPING_FILE)),
        source.isBlank() ? "postgres:" + database : source.strip(),
        c.getString(POSTGRES_HOST),
        c.getInt(POSTGRES_PORT),
        database,
        c.getString(POSTGRES_USER),
        c.getPassword(POSTGRES_PASSWORD),
        c.getString(SLOT_NAME),
        c.getString(PUBLICATION_NAME),
        c.getString(SNAPSHOT_MODE));
  }

  /** The JDBC URL of the captured database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + postgresDatabase;
  }

  /** The REST API's base URL, e.g. {@code http://127.0.0.1:8085}. */
  public String restUrl() {
    return "http://" + restHost + ":" + restPort;
  }
}
