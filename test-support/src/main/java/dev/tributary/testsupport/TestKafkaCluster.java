package dev.tributary.testsupport;

import dev.tributary.localstack.component.KafkaCluster;
import dev.tributary.localstack.service.JvmOptions;
import java.util.Locale;
import java.util.UUID;

/**
 * A Kafka cluster for a test class: {@value KafkaCluster#DEFAULT_SIZE} KRaft nodes, each broker and
 * controller in its own small JVM ({@link JvmOptions#SMALL}: 256 MiB, serial GC, C1 only) on free ports, replication factor 3 and
 * {@code min.insync.replicas=2} for every topic, internal ones included ({@link KafkaCluster}). Unlike
 * {@link TestKafka}, each call starts a cluster of its own, because failure tests kill and restart its
 * nodes: the caller closes it (in {@code @AfterAll} or try-with-resources); the fixtures' shutdown hook also
 * stops it if the test JVM ends first.
 *
 * <p>Thread-safe.
 */
public final class TestKafkaCluster {

  private TestKafkaCluster() {}

  /** Starts the nodes and waits until each sees the whole cluster; the caller closes it. */
  public static KafkaCluster start() {
    String id = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    KafkaCluster cluster = KafkaCluster.start(Fixtures.newDataDir("kafka-cluster-" + id),
        name -> Fixtures.logFile(name + "-" + id), JvmOptions.SMALL);
    Fixtures.register("kafka-cluster-" + id, cluster);
    return cluster;
  }
}
