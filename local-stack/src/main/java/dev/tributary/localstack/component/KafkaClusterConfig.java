package dev.tributary.localstack.component;

import dev.tributary.localstack.component.KafkaBrokerProperties.Replication;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What makes a set of KRaft nodes one Kafka cluster: every node is broker and controller, all name the
 * same controller quorum (each node's controller port) and share one cluster id, and every topic, the
 * internal ones included, has {@link #replication()} (3 replicas, 2 in sync: one broker may be lost without
 * refusing an {@code acks=all} write, and no write is ever acknowledged by one broker alone). The failure
 * detection is tightened so that a killed broker is fenced, and its partitions led elsewhere, within
 * seconds rather than the default 9 s session.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param clusterId the id every node is formatted with
 * @param host the host name of every listener
 * @param nodes the nodes, ids unique
 * @param replication the default replication of every topic
 */
public record KafkaClusterConfig(String clusterId, String host, List<Node> nodes, Replication replication) {

  /**
   * A fenced broker's partitions move to a surviving replica once the controller misses its heartbeats for
   * this long (Kafka's default is 9 s).
   */
  public static final int BROKER_SESSION_TIMEOUT_MS = 3_000;
  /** 3 replicas, 2 in sync ({@link Replication#CLUSTER}). */
  public static final Replication DEFAULT_REPLICATION = Replication.CLUSTER;
  static final int BROKER_HEARTBEAT_INTERVAL_MS = 500;

  /**
   * One node of the cluster.
   *
   * @param id the node id (broker and controller), 1-based
   * @param port the client (PLAINTEXT) port
   * @param controllerPort the KRaft controller port
   */
  public record Node(int id, int port, int controllerPort) {

    /** The node's process name, e.g. {@code kafka-2}. */
    public String name() {
      return "kafka-" + id;
    }
  }

  public KafkaClusterConfig {
    Objects.requireNonNull(clusterId, "clusterId");
    nodes = List.copyOf(nodes);
    if (nodes.size() < replication.factor()) {
      throw new IllegalArgumentException(nodes.size() + " nodes cannot hold " + replication.factor() + " replicas");
    }
    if (nodes.stream().map(Node::id).distinct().count() != nodes.size()) {
      throw new IllegalArgumentException("node ids must be unique: " + nodes);
    }
  }

  /** Feature levels the nodes are formatted with: {@link KRaftStorage#PROVEN_FEATURE_LEVELS}, and why. */
  public Map<String, Short> featureLevels() {
    return KRaftStorage.PROVEN_FEATURE_LEVELS;
  }

  /** Every node's client address, {@code host:port,...}: what clients bootstrap from. */
  public String bootstrapServers() {
    return nodes.stream().map(n -> host + ":" + n.port()).collect(Collectors.joining(","));
  }

  /** {@code id@host:controllerPort} of every node: the static controller quorum. */
  public String quorumVoters() {
    return nodes.stream().map(n -> n.id() + "@" + host + ":" + n.controllerPort()).collect(Collectors.joining(","));
  }

  /** The node of {@code id}. */
  public Node node(int id) {
    return nodes.stream().filter(n -> n.id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + id + " in " + nodes));
  }

  /** The settings of {@code node}, its data (and metadata log) in {@code logDir}. */
  public KafkaBrokerProperties properties(Node node, Path logDir) {
    return new KafkaBrokerProperties(host, node.port(), node.controllerPort(), logDir, node.id(), quorumVoters(),
        replication, Map.of(
            "broker.heartbeat.interval.ms", Integer.toString(BROKER_HEARTBEAT_INTERVAL_MS),
            "broker.session.timeout.ms", Integer.toString(BROKER_SESSION_TIMEOUT_MS)));
  }
}
