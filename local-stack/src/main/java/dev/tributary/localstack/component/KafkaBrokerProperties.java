package dev.tributary.localstack.component;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The KRaft (combined broker + controller) settings of one node, used by the in-JVM test broker, the local
 * stack's broker JVM and each node of a {@link KafkaCluster}. A single node ({@link Replication#SINGLE}) needs
 * single-replica internal topics and transaction log, or exactly-once Streams never reaches RUNNING; a
 * cluster node replicates them like the data ({@link Replication#CLUSTER}: 3 replicas, 2 in sync), because
 * Streams EOS v2 commits through the consumer offsets and transaction state topics. The 8 MiB cleaner
 * buffer keeps a small heap from dying (the default 128 MiB would be allocated up front).
 *
 * <p>Immutable value; thread-safe.
 *
 * @param host the host name in listeners and advertised addresses
 * @param port the client (PLAINTEXT) port
 * @param controllerPort the KRaft controller port
 * @param logDir the data directory (also holds the metadata log)
 * @param nodeId the node's id (broker and controller)
 * @param quorumVoters {@code controller.quorum.voters}: {@code id@host:controllerPort} of every controller
 * @param replication replicas and minimum in-sync replicas of every topic by default, internal ones included
 * @param overrides extra settings applied last
 */
public record KafkaBrokerProperties(String host, int port, int controllerPort, Path logDir, int nodeId,
    String quorumVoters, Replication replication, Map<String, String> overrides) {

  public static final int NODE_ID = 1;
  public static final String CONTROLLER_LISTENER = "CONTROLLER";

  /**
   * Replication of every topic unless it says otherwise: the default replication factor, that of the
   * internal topics (consumer offsets, transaction state, share state), and {@code min.insync.replicas}
   * (with {@code acks=all}, a write is refused once fewer replicas than this are in sync).
   */
  public record Replication(int factor, int minInSync) {

    /** One node: nothing to replicate to. */
    public static final Replication SINGLE = new Replication(1, 1);
    /** Three nodes: a write survives the loss of one broker, and is refused rather than kept on one alone. */
    public static final Replication CLUSTER = new Replication(3, 2);

    public Replication {
      if (factor < 1 || minInSync < 1 || minInSync > factor) {
        throw new IllegalArgumentException("replication factor " + factor + " with min in-sync " + minInSync);
      }
    }
  }

  public KafkaBrokerProperties {
    overrides = Map.copyOf(overrides);
  }

  /** A single node (id {@value #NODE_ID}, its own quorum) with {@code overrides}. */
  public KafkaBrokerProperties(String host, int port, int controllerPort, Path logDir, Map<String, String> overrides) {
    this(host, port, controllerPort, logDir, NODE_ID, NODE_ID + "@" + host + ":" + controllerPort, Replication.SINGLE,
        overrides);
  }

  public static KafkaBrokerProperties of(int port, int controllerPort, Path logDir) {
    return new KafkaBrokerProperties("localhost", port, controllerPort, logDir, Map.of());
  }

  public String bootstrapServers() {
    return host + ":" + port;
  }

  public Properties toProperties() {
    Properties p = new Properties();
    String factor = Integer.toString(replication.factor());
    String minInSync = Integer.toString(replication.minInSync());
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(nodeId));
    p.setProperty("controller.quorum.voters", quorumVoters);
    p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    p.setProperty("num.partitions", "3");
    p.setProperty("default.replication.factor", factor);
    p.setProperty("min.insync.replicas", minInSync);
    p.setProperty("offsets.topic.replication.factor", factor);
    p.setProperty("offsets.topic.num.partitions", "3");
    p.setProperty("transaction.state.log.replication.factor", factor);
    p.setProperty("transaction.state.log.min.isr", minInSync);
    p.setProperty("transaction.state.log.num.partitions", "3");
    p.setProperty("share.coordinator.state.topic.replication.factor", factor);
    p.setProperty("share.coordinator.state.topic.min.isr", minInSync);
    // a replica that was out of sync never becomes leader: acknowledged writes are never given up
    p.setProperty("unclean.leader.election.enable", "false");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    p.setProperty("num.recovery.threads.per.data.dir", "1");
    overrides.forEach(p::setProperty);
    return p;
  }
}
