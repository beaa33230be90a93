package dev.tributary.localstack.component;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The single-node KRaft (combined broker + controller) settings used by both the in-JVM test
 * broker and the local stack's broker JVM. Single-replica internal topics and transaction log
 * are what make exactly-once Streams reach RUNNING on one node; the 8 MiB cleaner buffer keeps a
 * small heap from dying (the default 128 MiB would be allocated up front).
 *
 * <p>Immutable value; thread-safe.
 *
 * @param host the host name in listeners and advertised addresses
 * @param port the client (PLAINTEXT) port
 * @param controllerPort the KRaft controller port
 * @param logDir the data directory (also holds the metadata log)
 * @param overrides extra settings applied last
 */
public record KafkaBrokerProperties(String host, int port, int controllerPort, Path logDir, Map<String, String> overrides) {

  public static final int NODE_ID = 1;
  public static final String CONTROLLER_LISTENER = "CONTROLLER";

  public KafkaBrokerProperties {
    overrides = Map.copyOf(overrides);
  }

  public static KafkaBrokerProperties of(int port, int controllerPort, Path logDir) {
    return new KafkaBrokerProperties("localhost", port, controllerPort, logDir, Map.of());
  }

  public String bootstrapServers() {
    return host + ":" + port;
  }

  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    p.setProperty("num.partitions", "3");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "3");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "3");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
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
