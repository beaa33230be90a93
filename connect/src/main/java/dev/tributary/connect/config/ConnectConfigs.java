package dev.tributary.connect.config;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.connect.mapping.CdcMapping;
import dev.tributary.connect.mapping.TableMapping;
import dev.tributary.connect.transform.AvroValueConverter;
import dev.tributary.connect.transform.CdcEventTransform;
import dev.tributary.connect.transform.CdcTransformSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two configurations the CDC worker hands to Kafka Connect, derived from its settings: the
 * distributed worker's ({@link #worker}) and the Debezium PostgreSQL connector's ({@link #connector}),
 * which carries the mapping's keys to {@link CdcEventTransform} so every worker of the cluster applies
 * the same mapping.
 *
 * <p>Exactly once: the worker runs with {@code exactly.once.source.support=enabled} and the connector
 * with {@code exactly.once.support=required}, so a poll's records and its source offset (the WAL
 * position) are committed in one Kafka transaction; the events' derived ids make any replay the
 * database itself causes a duplicate the stream's dedupe drops.
 *
 * <p>Pure; stateless and thread-safe.
 */
public final class ConnectConfigs {

  /** The transform's alias in the connector configuration. */
  public static final String TRANSFORM = "tributary";
  private static final String TRANSFORM_PREFIX = "transforms." + TRANSFORM + ".";

  private ConnectConfigs() {}

  /** The distributed worker's properties. */
  public static Map<String, String> worker(ConnectSettings s) {
    Map<String, String> w = new LinkedHashMap<>();
    w.put("bootstrap.servers", s.bootstrapServers());
    w.put("group.id", s.groupId());
    w.put("config.storage.topic", s.storageTopicPrefix() + "configs");
    w.put("offset.storage.topic", s.storageTopicPrefix() + "offsets");
    w.put("status.storage.topic", s.storageTopicPrefix() + "status");
    w.put("config.storage.replication.factor", Short.toString(s.storageReplicationFactor()));
    w.put("offset.storage.replication.factor", Short.toString(s.storageReplicationFactor()));
    w.put("status.storage.replication.factor", Short.toString(s.storageReplicationFactor()));
    w.put("offset.storage.partitions", "5");
    w.put("listeners", "http://" + s.restHost() + ":" + s.restPort());
    w.put("rest.advertised.host.name", s.restHost());
    w.put("exactly.once.source.support", "enabled");
    w.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    w.put("value.converter", AvroValueConverter.class.getName());
    w.put("value.converter." + PipelineConfig.SCHEMA_REGISTRY_URL, s.schemaRegistryUrl());
    // plugins are on the class path with service manifests: no slow class-path scan at start
    w.put("plugin.discovery", "service_load");
    // a restarted worker takes its tasks back at once instead of after the default 5 min grace for a lost member
    w.put("scheduled.rebalance.max.delay.ms", "0");
    w.put("session.timeout.ms", "6000");
    w.put("heartbeat.interval.ms", "2000");
    w.put("offset.flush.interval.ms", "1000");
    return w;
  }

  /** The Debezium connector's configuration, with {@code mappingKeys} for the transform. */
  public static Map<String, String> connector(ConnectSettings s, CdcMapping mapping, Map<String, String> mappingKeys) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    c.put("tasks.max", "1");
    c.put("database.hostname", s.postgresHost());
    c.put("database.port", Integer.toString(s.postgresPort()));
    c.put("database.user", s.postgresUser());
    c.put("database.password", s.postgresPassword().value());
    c.put("database.dbname", s.postgresDatabase());
    c.put("topic.prefix", s.connectorName());
    c.put("plugin.name", "pgoutput");
    c.put("slot.name", s.slotName());
    c.put("publication.name", s.publicationName());
    c.put("publication.autocreate.mode", "filtered");
    c.put("table.include.list", mapping.tables().stream().map(TableMapping::table)
        .map(t -> t.replace(".", "\\.")).collect(Collectors.joining(",")));
    c.put("snapshot.mode", s.snapshotMode());
    c.put("tombstones.on.delete", "false");
    c.put("time.precision.mode", "connect");
    c.put("decimal.handling.mode", "precise");
    c.put("exactly.once.support", "required");
    c.put("transaction.boundary", "poll");
    // a registry outage is retried (the converter raises RetriableException) instead of failing the task
    c.put("errors.retry.timeout", "600000");
    c.put("errors.retry.delay.max.ms", "5000");
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", AvroValueConverter.class.getName());
    c.put("value.converter." + PipelineConfig.SCHEMA_REGISTRY_URL, s.schemaRegistryUrl());
    c.put("value.converter." + PipelineConfig.SCHEMA_REGISTRY_TIMEOUT_MS, Long.toString(s.schemaRegistryTimeout().toMillis()));
    c.put("transforms", TRANSFORM);
    c.put(TRANSFORM_PREFIX + "type", CdcEventTransform.class.getName());
    c.put(TRANSFORM_PREFIX + CdcTransformSettings.SOURCE, s.source());
    c.put(TRANSFORM_PREFIX + Datasets.RAW.topic().configKey(), s.topics().of(Datasets.RAW));
    c.put(TRANSFORM_PREFIX + Datasets.DEAD_LETTERS.topic().configKey(), s.topics().of(Datasets.DEAD_LETTERS));
    mappingKeys.forEach((k, v) -> {
      if (k.equals(CdcMapping.TABLES) || k.startsWith(CdcMapping.TABLE_PREFIX)) {
        c.put(TRANSFORM_PREFIX + k, v);
      }
    });
    return c;
  }
}
