package dev.tributary.testsupport;

import dev.tributary.localstack.component.ClickHouseCluster;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A ClickHouse cluster for a test class: one ZooKeeper (its own 96 MiB JVM) and {@code shards × replicas}
 * ClickHouse 18.16 servers with small caches, on free ports, with the {@code remote_servers} cluster
 * {@value ClickHouseCluster#DEFAULT_NAME}, macros, interserver ports and the {@code ON CLUSTER} queue
 * ({@link ClickHouseCluster}). About 3 s per server. Unlike the per-JVM fixtures, each call starts a
 * cluster of its own, because failure tests kill and restart its nodes: the caller closes it (in
 * {@code @AfterAll}); the fixtures' shutdown hook also stops it if the test JVM ends first.
 *
 * <p>Thread-safe.
 */
public final class TestClickHouseCluster {

  private TestClickHouseCluster() {}

  /** Starts 2 shards × 2 replicas. */
  public static ClickHouseCluster start() {
    return start(2, 2);
  }

  /** Starts {@code shards × replicas} servers and their ZooKeeper; the caller closes the cluster. */
  public static ClickHouseCluster start(int shards, int replicas) {
    String id = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    ClickHouseCluster cluster = ClickHouseCluster.start(Fixtures.newDataDir("clickhouse-cluster-" + id),
        name -> Fixtures.logFile(name + "-" + id), shards, replicas, Duration.ofSeconds(10));
    Fixtures.register("clickhouse-cluster-" + id, cluster);
    return cluster;
  }
}
