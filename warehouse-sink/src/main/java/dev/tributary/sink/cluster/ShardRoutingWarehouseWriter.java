package dev.tributary.sink.cluster;

import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.clickhouse.ClickHouseNode;
import dev.tributary.sink.clickhouse.ClickHouseWarehouse;
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import dev.tributary.warehouse.schema.WarehouseShape;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's warehouse in the cluster shape: one {@link ClickHouseWarehouseWriter} per node, and each
 * batch written to the shard that owns its Kafka partition ({@link ShardMap}); the resume query of a
 * partition asks the same shard, every replica of it, and needs a quorum of equal answers
 * ({@code Shard#nextOffset}). Within a shard it inserts through one replica and moves to the next after a
 * failure that may be the replica's (a retriable one); the delivery protocol then asks the warehouse
 * before it retries.
 *
 * <p>INSERTs into one shard run one at a time: ClickHouse 18.16 refuses a quorum INSERT into a table
 * while the previous one awaits its quorum, and both minute tables feed one rollup table through
 * materialized views. Different shards insert concurrently; a batch that cannot get its shard's turn
 * within {@link #BUSY_WAIT_MS} fails retriably, so a shard stuck waiting for a quorum never holds the
 * insert threads the other shards need.
 *
 * <p>Thread-safe: the sink inserts batches of different partitions from a pool while its consume
 * thread asks resume offsets.
 */
public final class ShardRoutingWarehouseWriter implements ClickHouseWarehouse {

  private static final Logger LOG = LoggerFactory.getLogger(ShardRoutingWarehouseWriter.class);
  /** How long a batch waits for the INSERT in progress on its shard before it fails retriably. */
  static final long BUSY_WAIT_MS = 1_000;

  private final ShardMap map;
  private final List<Shard> shards;
  private final String name;

  ShardRoutingWarehouseWriter(String name, List<? extends List<? extends ClickHouseNode>> replicas) {
    this.name = name;
    this.map = new ShardMap(replicas.size());
    List<Shard> list = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      list.add(new Shard(i + 1, replicas.get(i)));
    }
    this.shards = List.copyOf(list);
  }

  /** A writer per node of {@code cluster}, each inserting with a majority quorum of its shard. */
  public static ShardRoutingWarehouseWriter open(ClusterSettings cluster, String user, String password,
      String database, Duration timeout) {
    List<List<ClickHouseNode>> writers = new ArrayList<>();
    for (List<String> shard : cluster.shards()) {
      int quorum = ClusterSettings.insertQuorum(shard.size());
      writers.add(shard.stream().<ClickHouseNode>map(url -> new ClickHouseWarehouseWriter(url, user, password,
          database, timeout, cluster.shape(), quorum)).toList());
    }
    String name = cluster.shape() instanceof WarehouseShape.Cluster c ? c.name() : "?";
    return new ShardRoutingWarehouseWriter("ClickHouse cluster " + name, writers);
  }

  /** The shard map batches are routed by. */
  public ShardMap shardMap() {
    return map;
  }

  @Override
  public void insert(Batch batch, long epoch) {
    shards.get(map.shardOf(batch.source().partition())).insert(batch, epoch);
  }

  /**
   * Claims the partition on its shard: the claim is recorded on one replica with a quorum of every replica
   * of the shard, so each replica's fence view sees it whichever replica a late INSERT reaches; then the
   * claim waits until no INSERT of the partition runs on any replica of the shard, so the resume lookup that
   * follows sees every row an earlier owner's INSERT that passed its check can land (warehouse-sink/DESIGN.md,
   * "On a ClickHouse cluster"). A replica down fails the claim retriably: the sink claims again later.
   */
  @Override
  public long claim(WarehouseTable table, String topic, int partition, long epoch) {
    return shards.get(map.shardOf(partition)).claim(table, topic, partition, epoch);
  }

  @Override
  public OptionalLong nextOffset(WarehouseTable table, String topic, int partition) {
    return shards.get(map.shardOf(partition)).nextOffset(table, topic, partition);
  }

  /** On the replica of the batch's shard that it writes through: a refill written to one replica reaches the others. */
  @Override
  public void refillDerivedOf(Batch batch) {
    shards.get(map.shardOf(batch.source().partition())).refillDerivedOf(batch);
  }

  /**
   * Runs the cluster's DDL ({@code ON CLUSTER}, so once for every node) through the first node that
   * answers; retriable when none does.
   */
  @Override
  public void createSchema() {
    WarehouseException last = null;
    for (Shard shard : shards) {
      for (ClickHouseNode replica : shard.replicas) {
        try {
          replica.createSchema();
          return;
        } catch (WarehouseException e) {
          if (!e.retriable()) {
            throw e;
          }
          LOG.warn("Could not prepare the warehouse through {}; trying the next node: {}", replica.describe(),
              e.getMessage());
          last = e;
        }
      }
    }
    throw last;
  }

  @Override
  public String describe() {
    return name + " " + shards.stream().map(Shard::describe).collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    shards.forEach(s -> s.replicas.forEach(ClickHouseWarehouse::close));
  }

  /** The replicas of one shard and the one currently used. */
  private static final class Shard {
    private final int number;
    private final List<ClickHouseNode> replicas;
    private final ReentrantLock insertLock = new ReentrantLock();
    /** Claims of the shard one at a time: 18.16 allows one pending quorum INSERT per table ({@code sink_fences}). */
    private final ReentrantLock claimLock = new ReentrantLock();
    private int current; // guarded by this

    Shard(int number, List<? extends ClickHouseNode> replicas) {
      if (replicas.isEmpty()) {
        throw new IllegalArgumentException("shard " + number + " has no replica");
      }
      this.number = number;
      this.replicas = List.copyOf(replicas);
    }

    void insert(Batch batch, long epoch) {
      acquire(batch);
      try {
        ClickHouseNode replica = replica();
        on(replica, () -> {
          replica.insert(batch, epoch);
          return null;
        });
      } finally {
        insertLock.unlock();
      }
    }

    /**
     * Waits a little for the shard's INSERT in progress; a shard whose INSERTs hang (a replica down: the
     * quorum is awaited) must not hold the sink's insert threads that other shards need, so after
     * {@link #BUSY_WAIT_MS} the batch fails retriably and the delivery protocol retries it later.
     */
    private void acquire(Batch batch) {
      try {
        if (!insertLock.tryLock(BUSY_WAIT_MS, TimeUnit.MILLISECONDS)) {
          throw new WarehouseException("shard " + number + " is still writing an earlier batch; " + batch.describe()
              + " waits for its turn", true, null);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WarehouseException("interrupted while waiting to write " + batch.describe(), true, e);
      }
    }

    long claim(WarehouseTable table, String topic, int partition, long epoch) {
      claimLock.lock();
      try {
        ClickHouseNode replica = replica();
        on(replica, () -> {
          replica.recordClaim(topic, partition, epoch, replicas.size());
          return null;
        });
        for (ClickHouseNode each : replicas) {
          on(each, () -> {
            each.awaitNoRunningInserts(table, topic, partition);
            return null;
          });
        }
        return on(replica, () -> replica.highestClaim(topic, partition));
      } finally {
        claimLock.unlock();
      }
    }

    void refillDerivedOf(Batch batch) {
      ClickHouseNode replica = replica();
      on(replica, () -> {
        replica.refillDerivedOf(batch);
        return null;
      });
    }

    /**
     * Asks every replica of the shard and answers only when at least a quorum of them (all, for two)
     * answered and every answer is the same. One replica alone is not enough even with sequential
     * consistency: ClickHouse 18.16 shows a part whose quorum failed to that read on the replica that wrote
     * it, until the replica drops the part (seconds later), when it is the first part of its partition (of
     * a month) that no quorum INSERT has completed in. Resuming after it would skip its rows
     * (warehouse-sink/DESIGN.md, "On a ClickHouse cluster"). A part confirmed by a quorum is on a majority
     * of the replicas, so on one of any quorum of answers; a part not confirmed is on fewer, so one of them
     * lacks it: either way the answers differ until replication or the failed quorum's cleanup settles
     * them, and the sink asks again after its backoff.
     */
    OptionalLong nextOffset(WarehouseTable table, String topic, int partition) {
      Map<String, OptionalLong> answers = new LinkedHashMap<>();
      List<String> unanswered = new ArrayList<>();
      for (ClickHouseNode each : replicas) {
        try {
          answers.put(each.describe(), on(each, () -> each.nextOffset(table, topic, partition)));
        } catch (WarehouseException e) {
          if (!e.retriable()) {
            throw e;
          }
          unanswered.add(each.describe() + " (" + e.getMessage() + ")");
        }
      }
      int required = Math.max(1, ClusterSettings.insertQuorum(replicas.size()));
      if (answers.size() < required) {
        throw new WarehouseException("shard " + number + ": only " + answers.size() + " of its " + replicas.size()
            + " replicas told where " + topic + "-" + partition + " ends, and the resume point needs " + required
            + "; unanswered: " + String.join(", ", unanswered) + "; asking again later", true, null);
      }
      if (answers.values().stream().distinct().count() > 1) {
        throw new WarehouseException("shard " + number + ": its replicas disagree on where " + topic + "-" + partition
            + " ends " + listed(answers) + " (a part not yet on every replica, or one whose quorum failed and that"
            + " its replica has not dropped yet); asking again later", true, null);
      }
      return answers.values().iterator().next();
    }

    private static String listed(Map<String, OptionalLong> answers) {
      return answers.entrySet().stream()
          .map(a -> a.getKey() + ": " + (a.getValue().isPresent() ? "next offset " + a.getValue().getAsLong() : "empty"))
          .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Runs {@code call} against {@code node}; a failure is charged to that node ({@link #failedOn}), so a claim
     * that fails on another replica of the shard does not move the shard away from the replica in use.
     */
    private <T> T on(ClickHouseNode node, Supplier<T> call) {
      try {
        return call.get();
      } catch (WarehouseException e) {
        failedOn(node, e);
        throw e;
      }
    }

    private synchronized ClickHouseNode replica() {
      return replicas.get(current);
    }

    /** After a failure that may be the replica's, the next call goes to the shard's next replica. */
    private synchronized void failedOn(ClickHouseNode replica, WarehouseException e) {
      if (e.retriable() && replicas.size() > 1 && replicas.get(current) == replica) {
        current = (current + 1) % replicas.size();
        LOG.warn("Shard {}: {} failed ({}); using {} next", number, replica.describe(), e.getMessage(),
            replicas.get(current).describe());
      }
    }

    String describe() {
      return "shard " + number + " " + replicas.stream().map(ClickHouseWarehouse::describe)
          .collect(Collectors.joining("|", "[", "]"));
    }
  }
}
