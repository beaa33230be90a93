package dev.tributary.localstack.component;

import dev.tributary.localstack.component.KafkaClusterConfig.Node;
import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.service.JvmOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster on this machine: {@code n} KRaft nodes, each broker and controller in its own JVM
 * ({@link KafkaBrokerProcess}), one cluster id, a controller quorum of every node, and the replication of
 * {@link KafkaClusterConfig} (3 replicas, 2 in sync, internal topics included). A node can be killed
 * (SIGKILL) and started again on the same ports and data, which is what the failure tests do; the cluster
 * id is kept in {@code dir/cluster.id}, so a cluster started again on the same directory is the same cluster.
 *
 * <p>Thread-safe: node operations and {@link #close()} are synchronized; {@link #close()} is idempotent.
 */
public final class KafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
  /** Nodes of the local stack's and the tests' cluster: the fewest that keep 2 in sync with one lost. */
  public static final int DEFAULT_SIZE = 3;
  /** The local stack's nodes: a 512 MiB heap each, G1 as the single broker has. */
  public static final JvmOptions STACK_JVM = new JvmOptions(List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
      "-Djava.awt.headless=true"));

  private final KafkaClusterConfig config;
  private final Path dir;
  private final Function<String, Path> logFiles;
  private final String classPath;
  private final JvmOptions jvm;
  private final Map<Node, KafkaBrokerProcess> running = new LinkedHashMap<>();
  private boolean closed;

  private KafkaCluster(KafkaClusterConfig config, Path dir, Function<String, Path> logFiles, String classPath,
      JvmOptions jvm) {
    this.config = config;
    this.dir = dir;
    this.logFiles = logFiles;
    this.classPath = classPath;
    this.jvm = jvm;
  }

  /** Starts {@value #DEFAULT_SIZE} nodes on free ports with this JVM's class path, data under {@code dir}. */
  public static KafkaCluster start(Path dir, Function<String, Path> logFiles, JvmOptions jvm) {
    List<Node> nodes = new ArrayList<>();
    for (int id = 1; id <= DEFAULT_SIZE; id++) {
      nodes.add(new Node(id, Ports.free(), Ports.free()));
    }
    return start(dir, logFiles, nodes, Java.currentClassPath(), jvm);
  }

  /**
   * Starts every node at once (none can serve before a majority of the quorum runs) and waits until each
   * sees the whole cluster; on failure stops what started.
   *
   * @param logFiles the log file of a node by its process name ({@code kafka-1}, ...)
   * @param classPath a class path holding {@code org.apache.kafka:kafka_2.13} and an SLF4J binding
   * @param jvm each broker JVM's flags (heap, GC)
   */
  public static KafkaCluster start(Path dir, Function<String, Path> logFiles, List<Node> nodes, String classPath,
      JvmOptions jvm) {
    long began = System.nanoTime();
    KafkaClusterConfig config = new KafkaClusterConfig(clusterId(dir), "localhost", nodes, KafkaClusterConfig.DEFAULT_REPLICATION);
    KafkaCluster cluster = new KafkaCluster(config, dir, logFiles, classPath, jvm);
    try {
      synchronized (cluster) {
        config.nodes().forEach(cluster::launch);
        cluster.running.values().forEach(b -> b.awaitReady(nodes.size()));
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info("Kafka cluster {} of {} nodes ready on {} in {} ms", config.clusterId(), nodes.size(),
        config.bootstrapServers(), (System.nanoTime() - began) / 1_000_000);
    return cluster;
  }

  public KafkaClusterConfig config() {
    return config;
  }

  /** Every node's address: what clients bootstrap from. */
  public String bootstrapServers() {
    return config.bootstrapServers();
  }

  public Node node(int id) {
    return config.node(id);
  }

  /** An Admin client of the cluster; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** The processes of the running nodes, in node order, for pid files and status. */
  public synchronized List<ManagedProcess> processes() {
    return running.values().stream().map(KafkaBrokerProcess::process).toList();
  }

  public synchronized boolean isRunning(Node node) {
    return running.containsKey(node);
  }

  /** SIGKILL of {@code node}: no controlled shutdown, no flush. Its data stays for {@link #restart}. */
  public synchronized void kill(Node node) {
    KafkaBrokerProcess broker = running.remove(node);
    if (broker != null) {
      broker.process().kill();
      LOG.info("Killed Kafka node {} (SIGKILL)", node.id());
    }
  }

  /**
   * Starts {@code node} again on its ports and data and waits until it rejoined the cluster; does nothing
   * while it runs.
   */
  public synchronized void restart(Node node) {
    if (closed) {
      throw new IllegalStateException("the Kafka cluster is closed");
    }
    if (!running.containsKey(node)) {
      try {
        launch(node).awaitReady(config.nodes().size());
      } catch (RuntimeException e) {
        running.remove(node);
        throw e;
      }
    }
  }

  /** Stops every node, in parallel (a controlled shutdown moves leadership, one node at a time would wait on it). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ParallelStop.closeAll(running.values(), KafkaBrokerProcess::process, LOG, "Kafka node");
    running.clear();
  }

  private KafkaBrokerProcess launch(Node node) {
    Path nodeDir = dir.resolve(node.name());
    KafkaBrokerProperties properties = config.properties(node, nodeDir.resolve("kraft"));
    if (KRaftStorage.formatIfEmpty(properties.logDir(), node.id(), config.clusterId(),
        config.featureLevels())) {
      LOG.info("Formatted new KRaft storage of node {} in {}", node.id(), properties.logDir());
    }
    KafkaBrokerProcess broker = KafkaBrokerProcess.launch(node.name(), properties, nodeDir,
        logFiles.apply(node.name()), classPath, jvm);
    running.put(node, broker);
    return broker;
  }

  /** The id in {@code dir/cluster.id}, written with a new one on the first start. */
  private static String clusterId(Path dir) {
    Path file = dir.resolve("cluster.id");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      String id = Uuid.randomUuid().toString();
      Dirs.write(file, id);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }
}
