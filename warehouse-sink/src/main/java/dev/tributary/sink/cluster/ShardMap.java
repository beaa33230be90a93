package dev.tributary.sink.cluster;

/**
 * Which shard of the ClickHouse cluster holds the rows of a Kafka partition: partition {@code p} of
 * every topic goes to shard {@code p mod shards}. A fixed function of the partition number, so every
 * sink instance, before and after any restart or rebalance, writes a partition to the same shard and
 * resumes it from there: the exactly-once argument (the warehouse holds a prefix of each partition;
 * resume after its highest offset) then holds per shard exactly as on one server. The same number of
 * every topic lands on one shard, so a user's events, sessions and person (all keyed by the identity,
 * with equal partition counts) share a shard.
 *
 * <p>The shard count is part of a warehouse's identity: with another count a partition would move to a
 * shard that does not hold its prefix. Change it only by loading a new database from Kafka.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param shards how many shards the cluster has
 */
public record ShardMap(int shards) {

  public ShardMap {
    if (shards < 1) {
      throw new IllegalArgumentException("a cluster has at least one shard, not " + shards);
    }
  }

  /** The 0-based shard of Kafka partition {@code partition}. */
  public int shardOf(int partition) {
    if (partition < 0) {
      throw new IllegalArgumentException("a Kafka partition is never negative: " + partition);
    }
    return partition % shards;
  }
}
