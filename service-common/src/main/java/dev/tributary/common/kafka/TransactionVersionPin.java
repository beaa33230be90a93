package dev.tributary.common.kafka;

import java.util.Optional;

/**
 * Whether the topic-init job lowers the cluster's finalized {@code transaction.version} feature level,
 * and to what. Kafka 4.3.1 finalizes level 2 (KIP-890's transactions) on a newly formatted cluster; with it,
 * after the partition leader was killed under load, the Streams exactly-once producer retried
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} / {@code CONCURRENT_TRANSACTIONS} for more than three minutes and
 * nothing reached the warehouse, where level 1 recovered after a handful of retries ({@code KafkaLeaderKillIT};
 * docs/OPERATIONS.md, "Kafka cluster"). Exactly-once v2 (KIP-447) does not need level 2. A deployment
 * formatted by its container image cannot pass {@code --feature} to the format step, so the job pins the
 * level on the running cluster before any service starts.
 *
 * <p>Pure; thread-safe.
 */
public final class TransactionVersionPin {

  /** The feature's name in {@code kafka-features.sh} and the Admin API. */
  public static final String FEATURE = "transaction.version";
  /**
   * The level exactly-once was proven at through a leader kill ({@code KafkaLeaderKillIT}): what the local
   * cluster is formatted with and what the topic-init job pins by default.
   */
  public static final short PROVEN_LEVEL = 1;

  private TransactionVersionPin() {}

  /**
   * The level to downgrade to, or empty to leave the cluster as it is: empty when the finalized level is
   * already at most {@code maxLevel} (a cluster pinned lower, or one that finalized no level: 0) or when
   * {@code maxLevel} is negative (the pin is switched off).
   */
  public static Optional<Short> downgradeTo(short finalizedLevel, short maxLevel) {
    if (maxLevel < 0 || finalizedLevel <= maxLevel) {
      return Optional.empty();
    }
    return Optional.of(maxLevel);
  }
}
