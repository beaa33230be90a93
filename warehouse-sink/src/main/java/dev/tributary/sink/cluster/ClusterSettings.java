package dev.tributary.sink.cluster;

import dev.tributary.warehouse.schema.WarehouseShape;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The shape of the ClickHouse warehouse the sink writes: one server ({@code clickhouse.url}) or a
 * sharded, replicated cluster whose nodes it names shard by shard. Part of the sink's configuration
 * ({@code SinkSettings}); parsed and validated once.
 *
 * <p>Immutable; thread-safe.
 *
 * @param shape the DDL shape ({@link WarehouseShape.SingleNode} or the named cluster)
 * @param shards for a cluster, the HTTP URLs of each shard's replicas, shard by shard; empty for one server
 */
public record ClusterSettings(WarehouseShape shape, List<List<String>> shards) {

  public static final String SHAPE = "clickhouse.shape";
  public static final String CLUSTER_NAME = "clickhouse.cluster.name";
  public static final String CLUSTER_SHARDS = "clickhouse.cluster.shards";
  public static final String SINGLE = "single";
  public static final String CLUSTER = "cluster";

  public ClusterSettings {
    Objects.requireNonNull(shape, "shape");
    shards = shards.stream().map(List::copyOf).toList();
  }

  /** One server: the shape every warehouse had before clusters. */
  public static ClusterSettings singleNode() {
    return new ClusterSettings(new WarehouseShape.SingleNode(), List.of());
  }

  /** Adds the keys to the sink's definition. */
  public static ConfigDef define(ConfigDef def) {
    return def
        .define(SHAPE, Type.STRING, SINGLE, ConfigDef.ValidString.in(SINGLE, CLUSTER), Importance.HIGH,
            "Shape of the ClickHouse warehouse. '" + SINGLE + "': one server at clickhouse.url, plain MergeTree"
                + " tables. '" + CLUSTER + "': the servers of " + CLUSTER_SHARDS + " form the remote_servers cluster "
                + CLUSTER_NAME + "; the sink creates Replicated*MergeTree tables <table>_local and Distributed tables"
                + " named like the catalogue's tables, all ON CLUSTER, writes Kafka partition p of every topic to shard"
                + " p mod (number of shards) with insert_quorum = a majority of the shard's replicas, and resumes where a"
                + " majority of them agree, each read with select_sequential_consistency=1 (docs/OPERATIONS.md, Cluster). clickhouse.url then names the node"
                + " the sink's audit gauges read from (any node).")
        .define(CLUSTER_NAME, Type.STRING, "tributary", new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.MEDIUM, "With clickhouse.shape=cluster: the cluster's name in the servers' remote_servers,"
                + " used by ON CLUSTER and the Distributed tables.")
        .define(CLUSTER_SHARDS, Type.LIST, "", Importance.HIGH,
            "With clickhouse.shape=cluster: the HTTP URLs of the cluster's nodes, shard by shard (in the order of"
                + " remote_servers): shards separated by commas, the replicas of a shard by '|', e.g."
                + " 'http://ch1:8123|http://ch2:8123,http://ch3:8123|http://ch4:8123'. The number of shards is fixed"
                + " for the life of a database (it decides where each Kafka partition's rows are).");
  }

  /** Reads and validates the keys. */
  public static ClusterSettings from(AbstractConfig config) {
    String shape = config.getString(SHAPE).toLowerCase(Locale.ROOT);
    List<String> shardList = config.getList(CLUSTER_SHARDS);
    if (SINGLE.equals(shape)) {
      if (!shardList.isEmpty()) {
        throw new ConfigException(CLUSTER_SHARDS, String.join(",", shardList),
            "is only read with " + SHAPE + "=" + CLUSTER + " (it is " + SINGLE + ")");
      }
      return singleNode();
    }
    if (shardList.isEmpty()) {
      throw new ConfigException(CLUSTER_SHARDS, "", "must name the shards' URLs when " + SHAPE + "=" + CLUSTER);
    }
    List<List<String>> shards = new ArrayList<>();
    for (String shard : shardList) {
      List<String> replicas = new ArrayList<>();
      for (String url : shard.split("\\|", -1)) {
        String u = url.strip();
        if (u.isEmpty() || !(u.startsWith("http://") || u.startsWith("https://"))) {
          throw new ConfigException(CLUSTER_SHARDS, shard, "each replica is an http(s) URL, replicas separated by '|'");
        }
        try {
          URI.create(u);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(CLUSTER_SHARDS, u, "not a URL: " + e.getMessage());
        }
        replicas.add(u);
      }
      shards.add(replicas);
    }
    return new ClusterSettings(new WarehouseShape.Cluster(config.getString(CLUSTER_NAME)), shards);
  }

  /**
   * Replicas of {@code shard} that must hold each inserted part: a majority, so that any two quorums
   * share a replica; 0 (no quorum) for a shard of one replica.
   */
  public static int insertQuorum(int replicas) {
    return replicas > 1 ? replicas / 2 + 1 : 0;
  }
}
