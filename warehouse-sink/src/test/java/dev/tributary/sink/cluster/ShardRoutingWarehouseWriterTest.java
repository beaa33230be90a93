package dev.tributary.sink.cluster;

import static dev.tributary.testsupport.TestRecords.JAN;
import static dev.tributary.testsupport.TestRecords.cleanEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.clickhouse.ClickHouseNode;
import dev.tributary.sink.testing.Batches;
import dev.tributary.sink.testing.FakeWarehouse;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ShardRoutingWarehouseWriterTest {

  private static final String TOPIC = "events.clean";

  /** What each shard holds: its replicas share it, as if every part reached both at once. */
  private final FakeWarehouse shard1 = new FakeWarehouse();
  private final FakeWarehouse shard2 = new FakeWarehouse();
  private final Replica s1r1 = new Replica("s1r1", shard1);
  private final Replica s1r2 = new Replica("s1r2", shard1);
  private final Replica s2r1 = new Replica("s2r1", shard2);
  private final Replica s2r2 = new Replica("s2r2", shard2);
  private final ShardRoutingWarehouseWriter writer = new ShardRoutingWarehouseWriter("test",
      List.of(List.of(s1r1, s1r2), List.of(s2r1, s2r2)));

  @Test
  void shouldWriteEachPartitionToItsShardOnly() {
    for (int partition = 0; partition < 4; partition++) {
      writer.insert(batch(partition, 0), 1);
    }

    assertThat(s1r1.partitions).containsExactly(0, 2);
    assertThat(s2r1.partitions).containsExactly(1, 3);
    assertThat(s1r2.partitions).isEmpty();
    assertThat(s2r2.partitions).isEmpty();
  }

  @Test
  void shouldResumePartitionFromTheShardThatHoldsIt() {
    writer.insert(batch(3, 0), 1);

    assertThat(writer.nextOffset(WarehouseTables.EVENTS, TOPIC, 3)).hasValue(1);
    assertThat(s2r1.asked).containsExactly(3);
    assertThat(s2r2.asked).containsExactly(3);
    assertThat(s1r1.asked).isEmpty();
    assertThat(s1r2.asked).isEmpty();
  }

  @Test
  void shouldMoveToShardsNextReplicaAfterRetriableFailureAndResumeOnlyOnceEveryReplicaOfTheShardAnswers() {
    s1r1.failing = new WarehouseException("connection refused", true, null);

    assertThatThrownBy(() -> writer.insert(batch(0, 0), 1)).isSameAs(s1r1.failing);
    assertThatThrownBy(() -> writer.nextOffset(WarehouseTables.EVENTS, TOPIC, 0))
        .isInstanceOfSatisfying(WarehouseException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("only 1 of its 2 replicas").hasMessageContaining("s1r1 (connection refused)");
    s1r1.failing = null;
    assertThat(writer.nextOffset(WarehouseTables.EVENTS, TOPIC, 0)).isEmpty();
    writer.insert(batch(0, 0), 1);

    assertThat(s1r2.partitions).containsExactly(0);
    assertThat(s1r1.partitions).isEmpty();
    assertThat(s2r1.partitions).isEmpty();
  }

  /**
   * What ClickHouse 18.16 does for seconds after a replica restarts: its sequentially consistent read shows
   * the first part of a month whose quorum failed, which it then drops. Resuming after it would skip its rows.
   */
  @Test
  void shouldNotResumeWhileReplicasOfTheShardDisagreeOnWhereThePartitionEnds() {
    writer.insert(batch(0, 0), 1);
    s1r1.showsAlso = OptionalLong.of(6);

    assertThatThrownBy(() -> writer.nextOffset(WarehouseTables.EVENTS, TOPIC, 0))
        .isInstanceOfSatisfying(WarehouseException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("disagree").hasMessageContaining("s1r1: next offset 6")
        .hasMessageContaining("s1r2: next offset 1");
    s1r1.showsAlso = null; // the replica dropped the part
    assertThat(writer.nextOffset(WarehouseTables.EVENTS, TOPIC, 0)).hasValue(1);
  }

  @Test
  void shouldNotResumeWhenOneReplicaHoldsRowsOfAPartitionTheOtherHasNone() {
    s1r2.showsAlso = OptionalLong.of(3);

    assertThatThrownBy(() -> writer.nextOffset(WarehouseTables.EVENTS, TOPIC, 0))
        .isInstanceOfSatisfying(WarehouseException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("s1r1: empty");
  }

  @Test
  void shouldResumeFromAMajorityOfThreeReplicasThatAgreeWhileTheThirdIsDown() {
    FakeWarehouse shard = new FakeWarehouse();
    Replica r1 = new Replica("r1", shard);
    Replica r2 = new Replica("r2", shard);
    Replica r3 = new Replica("r3", shard);
    ShardRoutingWarehouseWriter three = new ShardRoutingWarehouseWriter("three", List.of(List.of(r1, r2, r3)));
    three.insert(batch(0, 0), 1);
    r3.failing = new WarehouseException("connection refused", true, null);

    assertThat(three.nextOffset(WarehouseTables.EVENTS, TOPIC, 0)).hasValue(1);

    r2.failing = r3.failing;
    assertThatThrownBy(() -> three.nextOffset(WarehouseTables.EVENTS, TOPIC, 0))
        .isInstanceOfSatisfying(WarehouseException.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageContaining("only 1 of its 3 replicas").hasMessageContaining("needs 2");
  }

  @Test
  void shouldStopAskingAndFailFatallyWhenAReplicaFailsFatally() {
    s1r2.failing = new WarehouseException("unknown column _offset", false, null);

    assertThatThrownBy(() -> writer.nextOffset(WarehouseTables.EVENTS, TOPIC, 0)).isSameAs(s1r2.failing);
  }

  @Test
  void shouldStayOnReplicaAfterFatalFailure() {
    s1r1.failing = new WarehouseException("unknown column", false, null);

    assertThatThrownBy(() -> writer.insert(batch(0, 0), 1)).isSameAs(s1r1.failing);
    s1r1.failing = null;
    writer.insert(batch(0, 0), 1);

    assertThat(s1r1.partitions).containsExactly(0);
    assertThat(s1r2.partitions).isEmpty();
  }

  @Test
  void shouldCreateSchemaThroughFirstNodeThatAnswers() {
    s1r1.failing = new WarehouseException("connection refused", true, null);

    writer.createSchema();

    assertThat(s1r2.schemaCreated).isTrue();
    assertThat(s2r1.schemaCreated).isFalse();
  }

  @Test
  void shouldFailBatchRetriablyWhileItsShardIsStuckAndLetOtherShardsWrite() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    s1r1.blockUntil = release;
    Thread stuck = new Thread(() -> writer.insert(batch(0, 0), 1));
    stuck.start();
    await().until(() -> s1r1.blocked);
    try {
      assertThatThrownBy(() -> writer.insert(batch(2, 0), 1)).isInstanceOfSatisfying(WarehouseException.class,
          e -> assertThat(e.retriable()).isTrue());
      writer.insert(batch(1, 0), 1);
      assertThat(s2r1.partitions).containsExactly(1);
    } finally {
      release.countDown();
      stuck.join();
    }
    assertThat(s1r1.partitions).containsExactly(0);
  }

  @Test
  void shouldRecordClaimOnItsShardWithQuorumOfEveryReplicaAndWaitForInsertsOnEachOfThem() {
    long owner = writer.claim(WarehouseTables.EVENTS, TOPIC, 1, 7);

    assertThat(owner).isEqualTo(7);
    assertThat(s2r1.claims).containsExactly("1@7 quorum 2");
    assertThat(s2r1.awaited).containsExactly(1);
    assertThat(s2r2.awaited).containsExactly(1);
    assertThat(s2r2.claims).isEmpty();
    assertThat(s1r1.claims).isEmpty();
    assertThat(s1r1.awaited).isEmpty();
  }

  @Test
  void shouldAnswerHigherClaimOfAnotherInstance() {
    s1r1.highest = 9;

    assertThat(writer.claim(WarehouseTables.EVENTS, TOPIC, 0, 7)).isEqualTo(9);
  }

  @Test
  void shouldFailClaimRetriablyWhenAReplicaOfTheShardCannotBeAsked() {
    s2r2.failing = new WarehouseException("connection refused", true, null);

    assertThatThrownBy(() -> writer.claim(WarehouseTables.EVENTS, TOPIC, 1, 7)).isSameAs(s2r2.failing);
    assertThat(s2r1.claims).containsExactly("1@7 quorum 2");
    writer.insert(batch(1, 0), 7);
    assertThat(s2r1.partitions).as("the shard stays on the replica that answered").containsExactly(1);
  }

  @Test
  void shouldRefillDerivedRowsOnTheReplicaTheShardWritesThrough() {
    s1r1.failing = new WarehouseException("connection refused", true, null);
    assertThatThrownBy(() -> writer.insert(batch(2, 0), 1)).isSameAs(s1r1.failing);
    s1r1.failing = null;

    writer.refillDerivedOf(batch(2, 0));

    assertThat(s1r2.refilled).containsExactly(2);
    assertThat(s1r1.refilled).isEmpty();
    assertThat(s2r1.refilled).isEmpty();
  }

  private static Batch batch(int partition, long offset) {
    TopicPartition source = new TopicPartition(TOPIC, partition);
    return Batches.of(WarehouseTables.EVENTS, source, List.of(Rows.of(cleanEvent("e" + partition, JAN), TOPIC,
        partition, offset)));
  }

  /**
   * A node of the cluster: its shard's in-memory warehouse, which partitions were written through it and
   * asked of it, a failure to throw, and an answer of its own to the resume query (a part only it shows).
   */
  private static final class Replica implements ClickHouseNode {
    final String name;
    final FakeWarehouse warehouse;
    final List<Integer> partitions = new CopyOnWriteArrayList<>();
    final List<Integer> asked = new CopyOnWriteArrayList<>();
    final List<Integer> refilled = new CopyOnWriteArrayList<>();
    /** Claims recorded here, as "partition@epoch quorum q". */
    final List<String> claims = new CopyOnWriteArrayList<>();
    /** Partitions whose running inserts were awaited here. */
    final List<Integer> awaited = new CopyOnWriteArrayList<>();
    volatile long highest;
    volatile WarehouseException failing;
    volatile CountDownLatch blockUntil;
    volatile boolean blocked;
    volatile OptionalLong showsAlso;
    boolean schemaCreated;

    Replica(String name, FakeWarehouse shard) {
      this.name = name;
      this.warehouse = shard;
    }

    @Override
    public long claim(WarehouseTable table, String topic, int partition, long epoch) {
      throw new AssertionError("a cluster claims through the shard's replicas, not through one node's claim()");
    }

    @Override
    public void recordClaim(String topic, int partition, long epoch, int quorum) {
      if (failing != null) {
        throw failing;
      }
      claims.add(partition + "@" + epoch + " quorum " + quorum);
      highest = Math.max(highest, epoch);
    }

    @Override
    public void awaitNoRunningInserts(WarehouseTable table, String topic, int partition) {
      if (failing != null) {
        throw failing;
      }
      awaited.add(partition);
    }

    @Override
    public long highestClaim(String topic, int partition) {
      return highest;
    }

    @Override
    public void insert(Batch batch, long epoch) {
      if (failing != null) {
        throw failing;
      }
      if (blockUntil != null) {
        blocked = true;
        try {
          blockUntil.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      warehouse.claim(batch.table(), batch.source().topic(), batch.source().partition(), epoch); // routing only
      warehouse.insert(batch, epoch);
      partitions.add(batch.source().partition());
    }

    @Override
    public OptionalLong nextOffset(WarehouseTable table, String topic, int partition) {
      if (failing != null) {
        throw failing;
      }
      asked.add(partition);
      return showsAlso != null ? showsAlso : warehouse.nextOffset(table, topic, partition);
    }

    @Override
    public void refillDerivedOf(Batch batch) {
      if (failing != null) {
        throw failing;
      }
      refilled.add(batch.source().partition());
    }

    @Override
    public void createSchema() {
      if (failing != null) {
        throw failing;
      }
      schemaCreated = true;
    }

    @Override
    public String describe() {
      return name;
    }

    @Override
    public void close() {}
  }
}
