package dev.tributary.common.kafka;

import dev.tributary.common.catalogue.TopicNames;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a service reads or writes if they do not exist yet, so every service can start
 * on an empty cluster in any order. Existing topics are left exactly as they are.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  /** Creates each missing topic; waits at most {@code timeout} in all. */
  public static void ensure(Admin admin, Collection<NewTopic> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Set<String> existing = admin.listTopics().names().get(remaining(deadline), TimeUnit.NANOSECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (missing.isEmpty()) {
        return;
      }
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(remaining(deadline), TimeUnit.NANOSECONDS);
          log.info("Created topic {}", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + timeout
          + " while checking topics; is the broker reachable (kafka.bootstrap.servers)?", e);
    }
  }

  /**
   * The topics of {@code names} as they are created when missing: each dataset's partition count
   * (else {@code defaultPartitions}) and cleanup policy from the catalogue.
   */
  public static List<NewTopic> newTopics(TopicNames names, int defaultPartitions, short replicationFactor) {
    return names.datasets().stream()
        .map(d -> new NewTopic(names.of(d), d.topic().partitions().orElse(defaultPartitions), replicationFactor)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, d.topic().cleanupPolicy())))
        .toList();
  }

  /**
   * Waits until every partition of {@code names} has a leader. A topic is "created" before its partitions
   * are: a producer that writes at once can meet NOT_LEADER_OR_FOLLOWER, and an idempotent producer with
   * several batches in flight can then loop on OUT_OF_ORDER_SEQUENCE_NUMBER (seen in the bench's pre-fill).
   */
  private static void awaitLeaders(Admin admin, List<String> names, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (true) {
      boolean ready;
      try {
        ready = admin.describeTopics(names).allTopicNames().get(remaining(deadline), TimeUnit.NANOSECONDS)
            .values().stream().flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        ready = false; // metadata not propagated yet
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw new TimeoutException("partitions of " + names + " have no leader yet");
      }
      Thread.sleep(50);
    }
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }
}
