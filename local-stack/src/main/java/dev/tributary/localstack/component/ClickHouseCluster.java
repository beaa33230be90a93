package dev.tributary.localstack.component;

import dev.tributary.localstack.component.ClickHouseClusterConfig.Node;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sharded, replicated ClickHouse cluster on this machine: one ZooKeeper ({@link ZooKeeperProcess}) and
 * {@code shards × replicas} {@code clickhouse-server} processes ({@link ClickHouseProcess}, each with its
 * {@link ClickHouseClusterConfig} merged in), all on 127.0.0.1. A node can be killed (SIGKILL) and started
 * again on the same ports and data, which is what the failure tests do. Each server keeps the small caches of
 * {@link ClickHouseConfig} (the machine is shared).
 *
 * <p>Thread-safe: node operations and {@link #close()} are synchronized; {@link #close()} is idempotent.
 */
public final class ClickHouseCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseCluster.class);
  /** The cluster name of the local stack and the tests ({@code remote_servers}, {@code ON CLUSTER}). */
  public static final String DEFAULT_NAME = "tributary";

  private final ClickHouseClusterConfig config;
  private final Path dir;
  private final Function<String, Path> logFiles;
  private final Duration stopGrace;
  private final ZooKeeperProcess zooKeeper;
  private final Map<Node, ClickHouseProcess> running = new LinkedHashMap<>();
  private boolean closed;

  private ClickHouseCluster(ClickHouseClusterConfig config, Path dir, Function<String, Path> logFiles,
      Duration stopGrace, ZooKeeperProcess zooKeeper) {
    this.config = config;
    this.dir = dir;
    this.logFiles = logFiles;
    this.stopGrace = stopGrace;
    this.zooKeeper = zooKeeper;
  }

  /**
   * Starts ZooKeeper and every node on free ports, data under {@code dir}.
   *
   * @param logFiles the log file of a process by its name ({@code zookeeper}, {@code clickhouse-s1r1}, ...)
   * @param stopGrace how long a graceful stop of a server may take before SIGKILL
   */
  public static ClickHouseCluster start(Path dir, Function<String, Path> logFiles, int shards, int replicas,
      Duration stopGrace) {
    List<List<Node>> layout = new ArrayList<>();
    for (int s = 1; s <= shards; s++) {
      List<Node> shard = new ArrayList<>();
      for (int r = 1; r <= replicas; r++) {
        shard.add(new Node(s, r, Ports.free(), Ports.free(), Ports.free()));
      }
      layout.add(shard);
    }
    return start(dir, logFiles, Ports.free(), layout, stopGrace);
  }

  /** Starts ZooKeeper on {@code zooKeeperPort} and the given nodes, data under {@code dir}. */
  public static ClickHouseCluster start(Path dir, Function<String, Path> logFiles, int zooKeeperPort,
      List<List<Node>> layout, Duration stopGrace) {
    long began = System.nanoTime();
    ClickHouseClusterConfig config = new ClickHouseClusterConfig(DEFAULT_NAME, zooKeeperPort, layout);
    ZooKeeperProcess zooKeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"), logFiles.apply("zookeeper"),
        zooKeeperPort);
    ClickHouseCluster cluster = new ClickHouseCluster(config, dir, logFiles, stopGrace, zooKeeper);
    try {
      for (Node node : config.nodes()) {
        cluster.startNode(node);
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info("ClickHouse cluster {} ({} shards x {} replicas, ZooKeeper on {}) ready in {} ms", config.name(),
        layout.size(), layout.get(0).size(), zooKeeper.connectString(), (System.nanoTime() - began) / 1_000_000);
    return cluster;
  }

  public ClickHouseClusterConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  /** The node of 1-based {@code shard} and {@code replica}. */
  public Node node(int shard, int replica) {
    return config.shards().get(shard - 1).get(replica - 1);
  }

  /** The running server of {@code node}. */
  public synchronized ClickHouseProcess server(Node node) {
    ClickHouseProcess server = running.get(node);
    if (server == null) {
      throw new IllegalStateException("ClickHouse " + node.replicaName() + " is not running");
    }
    return server;
  }

  /** The processes of the cluster (ZooKeeper first), for pid files and status. */
  public synchronized List<ManagedProcess> processes() {
    List<ManagedProcess> list = new ArrayList<>();
    list.add(zooKeeper.process());
    running.values().forEach(p -> list.add(p.process()));
    return list;
  }

  public ZooKeeperProcess zooKeeper() {
    return zooKeeper;
  }

  /** SIGKILL of {@code node}'s server: no shutdown work of its own runs. Its data stays for {@link #restart}. */
  public synchronized void kill(Node node) {
    ClickHouseProcess server = running.remove(node);
    if (server != null) {
      server.process().kill();
      LOG.info("Killed ClickHouse {} (SIGKILL)", node.replicaName());
    }
  }

  /** Starts {@code node}'s server again on its ports and data; does nothing while it runs. */
  public synchronized void restart(Node node) {
    if (closed) {
      throw new IllegalStateException("the ClickHouse cluster is closed");
    }
    if (!running.containsKey(node)) {
      startNode(node);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ParallelStop.closeAll(running.values(), ClickHouseProcess::process, LOG, "ClickHouse");
    running.clear();
    zooKeeper.close();
  }

  private void startNode(Node node) {
    Path data = dir.resolve("clickhouse-" + node.replicaName());
    Dirs.write(data.resolve("config.d").resolve("cluster.xml"), config.configXml(node));
    Dirs.write(data.resolve("users.d").resolve("cluster.xml"), config.usersXml());
    String processName = "clickhouse-" + node.replicaName();
    ClickHouseProcess server = ClickHouseProcess.start(processName, data, logFiles.apply(processName),
        node.httpPort(), node.tcpPort(), stopGrace);
    running.put(node, server);
  }
}
