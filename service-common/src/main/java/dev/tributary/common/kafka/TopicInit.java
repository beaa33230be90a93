package dev.tributary.common.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic-init job's work: wait until the cluster has as many brokers as the replication factor
 * asks (a cluster's brokers start in any order, and a topic of replication factor 3 cannot be created
 * on the first one alone), then create the missing catalogue topics with {@link TopicProvisioner}.
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicInit {

  private static final Logger log = LoggerFactory.getLogger(TopicInit.class);
  private static final long POLL_MS = 1_000;

  private TopicInit() {}

  /**
   * Creates the missing topics of {@code settings} once enough brokers are up.
   *
   * @throws IllegalStateException naming the broker count when fewer than the replication factor
   *     registered within the settings' timeout, or when a topic cannot be created
   */
  public static void run(Admin admin, TopicInitSettings settings) throws InterruptedException {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    int brokers = 0;
    while (System.nanoTime() < deadline) {
      brokers = brokers(admin, deadline);
      if (brokers >= settings.replicationFactor()) {
        TopicProvisioner.ensure(admin, settings.newTopics(), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        return;
      }
      log.info("topic-init: {} of {} brokers registered; waiting", brokers, settings.replicationFactor());
      TimeUnit.MILLISECONDS.sleep(POLL_MS);
    }
    throw new IllegalStateException("only " + brokers + " brokers registered within " + settings.timeout()
        + ", fewer than topic.replication.factor=" + settings.replicationFactor()
        + "; start the other brokers or raise topic.init.timeout.ms");
  }

  private static int brokers(Admin admin, long deadline) throws InterruptedException {
    try {
      return admin.describeCluster().nodes().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).size();
    } catch (ExecutionException | TimeoutException e) {
      log.info("topic-init: Kafka not answering yet ({})", e.toString());
      return 0;
    }
  }
}
