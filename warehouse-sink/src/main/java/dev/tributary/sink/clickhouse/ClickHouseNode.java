package dev.tributary.sink.clickhouse;

import dev.tributary.common.catalogue.WarehouseTable;

/**
 * One ClickHouse server of a cluster as {@code dev.tributary.sink.cluster.ShardRoutingWarehouseWriter}
 * needs it: a warehouse of its own (inserts, resume lookups) and the three steps of a claim, which in a
 * cluster involve every replica of a shard (warehouse-sink/DESIGN.md, "On a ClickHouse cluster"): record
 * the claim on one replica with a quorum of all of them, wait until no INSERT of the partition runs on any
 * of them, read the highest claim.
 *
 * <p>Implementations are thread-safe as {@link ClickHouseWarehouse} requires.
 */
public interface ClickHouseNode extends ClickHouseWarehouse {

  /**
   * Appends a claim of the partition to this node's claims; with {@code quorum} above 1 the INSERT is
   * acknowledged only once that many replicas of the node's shard hold it.
   */
  void recordClaim(String topic, int partition, long epoch, int quorum);

  /**
   * Waits until no INSERT of the partition into {@code table} runs in this server (an INSERT is listed in
   * {@code system.processes} from before its fence check until after its part is committed).
   *
   * @throws dev.tributary.sink.batching.WarehouseException retriable when one still runs after the timeout
   */
  void awaitNoRunningInserts(WarehouseTable table, String topic, int partition);

  /** The highest claim of the partition this node holds (0 when none). */
  long highestClaim(String topic, int partition);
}
