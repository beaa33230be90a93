package dev.tributary.common.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic-init job's work: wait until the cluster has as many brokers as the replication factor
 * asks (a cluster's brokers start in any order, and a topic of replication factor 3 cannot be created
 * on the first one alone), lower the cluster's {@code transaction.version} to the configured maximum
 * ({@link TransactionVersionPin}), then create the missing catalogue topics with {@link TopicProvisioner}.
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
        pinTransactionVersion(admin, settings.transactionVersionMax(), deadline);
        TopicProvisioner.ensure(admin, settings.newTopics(), Duration.ofNanos(remaining(deadline)));
        return;
      }
      log.info("topic-init: {} of {} brokers registered; waiting", brokers, settings.replicationFactor());
      TimeUnit.MILLISECONDS.sleep(POLL_MS);
    }
    throw new IllegalStateException("only " + brokers + " brokers registered within " + settings.timeout()
        + ", fewer than topic.replication.factor=" + settings.replicationFactor()
        + "; start the other brokers or raise topic.init.timeout.ms");
  }

  /**
   * Downgrades the finalized {@code transaction.version} to {@code maxLevel} when it is higher. Idempotent: a
   * second run finds the level pinned and changes nothing.
   *
   * @throws IllegalStateException naming the feature and the setting when Kafka refuses the downgrade
   */
  private static void pinTransactionVersion(Admin admin, short maxLevel, long deadlineNanos) throws InterruptedException {
    short finalized = finalizedTransactionVersion(admin, deadlineNanos);
    Optional<Short> target = TransactionVersionPin.downgradeTo(finalized, maxLevel);
    if (target.isEmpty()) {
      log.info("topic-init: {} is {} (at most {} wanted; -1: left as it is)", TransactionVersionPin.FEATURE, finalized,
          maxLevel);
      return;
    }
    try {
      admin.updateFeatures(Map.of(TransactionVersionPin.FEATURE,
              new FeatureUpdate(target.get(), FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)), new UpdateFeaturesOptions())
          .all().get(remaining(deadlineNanos), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka refused to downgrade " + TransactionVersionPin.FEATURE + " from "
          + finalized + " to " + target.get() + ": " + e.getMessage() + "; set " + TopicInitSettings.TRANSACTION_VERSION_MAX
          + "=-1 to leave it, or format the brokers with --feature " + TransactionVersionPin.FEATURE + "=" + target.get(), e);
    }
    log.info("topic-init: downgraded {} from {} to {}", TransactionVersionPin.FEATURE, finalized, target.get());
  }

  /** The finalized {@code transaction.version} level; 0 when the cluster finalized none. */
  public static short finalizedTransactionVersion(Admin admin, long deadlineNanos) throws InterruptedException {
    try {
      Map<String, FinalizedVersionRange> finalized = admin.describeFeatures().featureMetadata()
          .get(remaining(deadlineNanos), TimeUnit.NANOSECONDS).finalizedFeatures();
      FinalizedVersionRange range = finalized.get(TransactionVersionPin.FEATURE);
      return range == null ? 0 : range.maxVersionLevel();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not describe its features: " + e.getMessage()
          + "; raise topic.init.timeout.ms", e);
    }
  }

  private static long remaining(long deadlineNanos) {
    return Math.max(1, deadlineNanos - System.nanoTime());
  }

  private static int brokers(Admin admin, long deadline) throws InterruptedException {
    try {
      return admin.describeCluster().nodes().get(remaining(deadline), TimeUnit.NANOSECONDS).size();
    } catch (ExecutionException | TimeoutException e) {
      log.info("topic-init: Kafka not answering yet ({})", e.toString());
      return 0;
    }
  }
}
