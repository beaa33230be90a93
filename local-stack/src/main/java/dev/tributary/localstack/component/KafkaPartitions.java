package dev.tributary.localstack.component;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;

/**
 * Who leads and who is in sync, partition by partition, read once from a cluster: what a failover test
 * asks of the cluster (which broker leads most partitions, has leadership left a killed broker, is every
 * replica back in sync after its restart).
 *
 * <p>Immutable value; thread-safe.
 *
 * @param partitions the partitions of the topics described, in topic and partition order
 */
public record KafkaPartitions(List<Partition> partitions) {

  /** No leader (the partition is offline). */
  public static final int NO_LEADER = -1;

  /**
   * One partition's state.
   *
   * @param leader the leading node's id, or {@link #NO_LEADER}
   * @param replicas the ids of the nodes holding a replica
   * @param inSync the ids of the replicas in sync
   */
  public record Partition(String topic, int partition, int leader, List<Integer> replicas, List<Integer> inSync) {
    public Partition {
      replicas = List.copyOf(replicas);
      inSync = List.copyOf(inSync);
    }
  }

  public KafkaPartitions {
    partitions = List.copyOf(partitions);
  }

  /** Describes every partition of {@code topics} (waiting at most 10 s for the answer). */
  public static KafkaPartitions describe(Admin admin, Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    return new KafkaPartitions(admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new Partition(d.name(), p.partition(),
            p.leader() == null || p.leader().isEmpty() ? NO_LEADER : p.leader().id(),
            p.replicas().stream().map(Node::id).toList(), p.isr().stream().map(Node::id).toList())))
        .sorted(Comparator.comparing(Partition::topic).thenComparingInt(Partition::partition))
        .toList());
  }

  /** Describes every partition of every topic of the cluster, the internal ones included. */
  public static KafkaPartitions describeAll(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    return describe(admin, admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
        .get(10, TimeUnit.SECONDS));
  }

  /** Partitions led, by node id (nodes leading none are absent), in node order. */
  public Map<Integer, Long> leaderCounts() {
    return partitions.stream().filter(p -> p.leader() != NO_LEADER)
        .collect(Collectors.groupingBy(Partition::leader, TreeMap::new, Collectors.counting()));
  }

  /** The node leading the most partitions (the lowest id of a tie). */
  public int busiestLeader() {
    return leaderCounts().entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey)
        .orElseThrow(() -> new IllegalStateException("no partition has a leader: " + partitions));
  }

  /** True when every partition has a leader and none is {@code node}. */
  public boolean allLedWithout(int node) {
    return partitions.stream().allMatch(p -> p.leader() != NO_LEADER && p.leader() != node);
  }

  /** True when every replica of every partition is in sync (and every partition has a leader). */
  public boolean fullyInSync() {
    return partitions.stream().allMatch(p -> p.leader() != NO_LEADER && p.inSync().containsAll(p.replicas()));
  }
}
