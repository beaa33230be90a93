package dev.tributary.sink.kafka;

import dev.tributary.common.catalogue.WarehouseTables;
import static dev.tributary.sink.kafka.SinkHarness.P0;
import static dev.tributary.sink.kafka.SinkHarness.P1;
import static dev.tributary.sink.kafka.SinkHarness.TOPIC;
import static dev.tributary.testsupport.TestRecords.FEB;
import static dev.tributary.testsupport.TestRecords.JAN;
import static dev.tributary.testsupport.TestRecords.cleanEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.registry.SchemaRegistryException;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.BatchPolicy;
import dev.tributary.sink.batching.Rows;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.testing.FakeWarehouse.Fault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SinkLoopTest {

  private static final BatchPolicy TWO_ROWS = new BatchPolicy(2, 500);

  private final SinkHarness h = new SinkHarness();
  /** A real pool, like production's, for the tests of inserts running beside the consume loop. */
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopPool() {
    release.countDown();
    pool.shutdownNow();
  }

  /** Makes every insert wait until {@link #release} (a slow or stuck ClickHouse). */
  private void holdInserts() {
    h.warehouse.beforeInsert(() -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private void appendEvents(TopicPartition tp, int n) {
    for (int i = 0; i < n; i++) {
      h.append(tp, cleanEvent(tp.partition() + "-e-" + i, JAN));
    }
  }

  /** Runs the loop until {@code n} rows of each partition are in the warehouse and committed. */
  private void runUntilLoaded(SinkHarness.Process p, int n, TopicPartition... partitions) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> {
      p.run(1, 100);
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata committed = h.groupOffsets().get(tp);
        if (committed == null || committed.offset() < n) {
          return false;
        }
      }
      return true;
    });
  }

  private void appendEvents(int n) {
    for (int i = 0; i < n; i++) {
      h.append(P0, cleanEvent("e-" + i, JAN));
    }
  }

  private List<Long> offsetsInWarehouse() {
    return h.warehouse.offsets(WarehouseTables.EVENTS, TOPIC, 0);
  }

  private static List<Long> range(long toExclusive) {
    return LongStream.range(0, toExclusive).boxed().toList();
  }

  @Test
  void shouldWriteEveryRecordOnceAndCommitOnlyAfterInsert() {
    appendEvents(5);
    SinkHarness.Process p = h.start(TWO_ROWS, P0);

    p.run(1, 0);
    assertThat(offsetsInWarehouse()).isEqualTo(range(4));
    assertThat(h.groupOffsets().get(P0)).isEqualTo(new OffsetAndMetadata(4));

    p.run(2, 500); // the fifth row waits for its batch's max age
    assertThat(offsetsInWarehouse()).isEqualTo(range(5));
    assertThat(h.groupOffsets().get(P0)).isEqualTo(new OffsetAndMetadata(5));
    assertThat(h.warehouse.rows(WarehouseTables.EVENTS).get(0).values()).contains("e-0", TOPIC, 0, 0L);
  }

  @Test
  void shouldResumeFromCommittedOffsetAfterCrashBeforeInsert() {
    appendEvents(6);
    SinkHarness.Process first = h.start(TWO_ROWS, P0);
    h.warehouse.beforeInsert(() -> {
      if (h.warehouse.inserts().size() == 1) {
        throw new SinkHarness.Killed();
      }
    });
    first.runUntilKilled();
    assertThat(offsetsInWarehouse()).isEqualTo(range(2));
    assertThat(h.groupOffsets().get(P0).offset()).isEqualTo(2);

    h.warehouse.beforeInsert(() -> {});
    SinkHarness.Process second = h.start(TWO_ROWS, P0);
    second.run(3, 500);

    assertThat(offsetsInWarehouse()).isEqualTo(range(6));
    assertThat(h.groupOffsets().get(P0).offset()).isEqualTo(6);
  }

  @Test
  void shouldResumeFromWarehouseNotCommittedOffsetAfterCrashBetweenInsertAndCommit() {
    appendEvents(6);
    SinkHarness.Process first = h.start(TWO_ROWS, P0);
    h.warehouse.afterInsert(() -> {
      if (h.warehouse.inserts().size() == 2) {
        throw new SinkHarness.Killed();
      }
    });
    first.runUntilKilled();
    assertThat(offsetsInWarehouse()).isEqualTo(range(4));
    assertThat(h.groupOffsets().get(P0).offset()).isEqualTo(2); // warehouse is ahead

    h.warehouse.afterInsert(() -> {});
    SinkHarness.Process second = h.start(TWO_ROWS, P0);
    assertThat(second.consumer.position(P0)).isEqualTo(4);
    second.run(3, 500);

    assertThat(offsetsInWarehouse()).isEqualTo(range(6));
  }

  @Test
  void shouldDuplicateBatchAfterCrashBetweenInsertAndCommitWhenResumingFromCommittedOffsetsOnly() {
    appendEvents(6);
    SinkHarness.Process first = h.startResumingFromCommittedOffsetsOnly(TWO_ROWS, P0);
    h.warehouse.afterInsert(() -> {
      if (h.warehouse.inserts().size() == 2) {
        throw new SinkHarness.Killed();
      }
    });
    first.runUntilKilled();
    assertThat(h.groupOffsets().get(P0).offset()).isEqualTo(2);

    h.warehouse.afterInsert(() -> {});
    SinkHarness.Process second = h.startResumingFromCommittedOffsetsOnly(TWO_ROWS, P0);
    second.run(3, 500);

    // offsets 2 and 3 were inserted, never committed, and inserted again: the mechanism is what prevents this
    assertThat(offsetsInWarehouse()).containsExactly(0L, 1L, 2L, 3L, 2L, 3L, 4L, 5L);
  }

  @Test
  void shouldResumeAfterRowsAnEarlierProcessInsertedButNeverCommitted() {
    appendEvents(5);
    h.warehouse.preload(WarehouseTables.EVENTS, List.of(
        Rows.of(cleanEvent("e-0", JAN), TOPIC, 0, 0), Rows.of(cleanEvent("e-1", JAN), TOPIC, 0, 1),
        Rows.of(cleanEvent("e-2", JAN), TOPIC, 0, 2)));

    SinkHarness.Process p = h.start(TWO_ROWS, P0);
    p.run(3, 500);

    assertThat(offsetsInWarehouse()).isEqualTo(range(5));
  }

  @Test
  void shouldResumeFromCommittedOffsetWhenItIsAheadOfWarehouse() {
    appendEvents(4);
    h.groupOffsets().put(P0, new OffsetAndMetadata(3));

    SinkHarness.Process p = h.start(TWO_ROWS, P0);
    p.run(2, 500);

    assertThat(offsetsInWarehouse()).containsExactly(3L);
  }

  @Test
  void shouldRetryFailedInsertWithoutLossOrDuplicate() {
    appendEvents(4);
    h.warehouse.failNextInserts(Fault.UNREACHABLE, Fault.LANDED_BUT_TIMED_OUT);
    SinkHarness.Process p = h.start(TWO_ROWS, P0);

    p.run(1, 0);
    assertThat(offsetsInWarehouse()).isEmpty();
    assertThat(p.consumer.paused()).containsExactly(P0);
    assertThat(p.consumer.position(P0)).isEqualTo(4); // what one poll fetched before the pause
    h.append(P0, cleanEvent("late", JAN));
    p.run(1, 0);
    assertThat(p.consumer.position(P0)).as("paused: new records stay in Kafka").isEqualTo(4);

    p.run(1, 100); // still backing off: no attempt
    p.run(5, 1_000);

    assertThat(offsetsInWarehouse()).isEqualTo(range(5));
    assertThat(h.groupOffsets().get(P0).offset()).isEqualTo(5);
    assertThat(p.consumer.paused()).isEmpty();
  }

  /** A failed attempt may be in the table and not in its materialized views: the retry that finds it refills them. */
  @Test
  void shouldRefillWhatDerivesFromABatchWhenItLandsAfterAFailedAttemptOnly() {
    appendEvents(4);
    h.warehouse.failNextInserts(Fault.LANDED_BUT_TIMED_OUT);
    SinkHarness.Process p = h.start(TWO_ROWS, P0);

    p.run(5, 1_000);

    assertThat(offsetsInWarehouse()).isEqualTo(range(4));
    assertThat(h.warehouse.refilled()).extracting(b -> b.firstOffset() + ".." + b.lastOffset()).containsExactly("0..1");
  }

  @Test
  void shouldNotCommitABatchBeforeWhatDerivesFromItIsRefilled() {
    appendEvents(2);
    h.warehouse.failNextInserts(Fault.LANDED_BUT_TIMED_OUT);
    h.warehouse.failNextRefills(1);
    SinkHarness.Process p = h.start(TWO_ROWS, P0);

    p.run(1, 0);
    p.run(1, 1_000); // the retry finds the rows; its refill fails
    assertThat(h.groupOffsets()).doesNotContainKey(P0);
    assertThat(h.warehouse.refilled()).isEmpty();

    p.run(5, 1_000);
    assertThat(h.warehouse.refilled()).hasSize(1);
    assertThat(h.groupOffsets().get(P0).offset()).isEqualTo(2);
    assertThat(offsetsInWarehouse()).isEqualTo(range(2));
  }

  @Test
  void shouldKeepRetryingWhileClickHouseIsDownThenCatchUp() {
    appendEvents(3);
    SinkHarness.Process p = h.start(TWO_ROWS, P0);
    h.warehouse.setDown(true);

    p.run(30, 1_000);
    assertThat(offsetsInWarehouse()).isEmpty();
    assertThat(p.consumer.paused()).containsExactly(P0);

    h.warehouse.setDown(false);
    p.run(5, 1_000);
    assertThat(offsetsInWarehouse()).isEqualTo(range(3));
  }

  @Test
  void shouldWaitForWarehouseBeforeConsumingNewlyAssignedPartition() {
    appendEvents(2);
    h.warehouse.preload(WarehouseTables.EVENTS, List.of(Rows.of(cleanEvent("e-0", JAN), TOPIC, 0, 0)));
    h.warehouse.setDown(true);
    SinkHarness.Process p = h.start(TWO_ROWS, P0);

    p.run(3, 1_000);
    assertThat(p.consumer.paused()).containsExactly(P0);

    h.warehouse.setDown(false);
    p.run(3, 1_000);
    assertThat(offsetsInWarehouse()).containsExactly(0L, 1L);
  }

  @Test
  void shouldReportOwnedPartitionsAwaitingTheirResumePositionUntilTheWarehouseAnswers() {
    h.warehouse.setDown(true);
    SinkHarness.Process p = h.start(TWO_ROWS, P0, P1);

    p.run(1, 1_000);
    assertThat(p.loop.status()).isEqualTo(new LoopStatus(true, true, 2, 2));

    h.warehouse.setDown(false);
    p.run(3, 1_000);
    assertThat(p.loop.status()).isEqualTo(new LoopStatus(true, true, 2, 0));
  }

  @Test
  void shouldDropUnflushedRowsOnRevocationSoNextOwnerWritesThemOnce() {
    appendEvents(3);
    SinkHarness.Process a = h.start(new BatchPolicy(10, 500), P0, P1);
    a.run(1, 0);
    assertThat(a.consumer.position(P0)).isEqualTo(3);
    assertThat(offsetsInWarehouse()).as("buffered, not written").isEmpty();

    a.assign(P1); // P0 moves to another instance mid-batch
    SinkHarness.Process b = h.start(new BatchPolicy(10, 500), P0);
    h.append(P0, cleanEvent("e-3", JAN));
    b.run(2, 500);
    a.run(2, 500);

    assertThat(offsetsInWarehouse()).isEqualTo(range(4));
  }

  @Test
  void shouldSplitBatchAtMonthBoundary() {
    h.append(P0, cleanEvent("jan-1", JAN));
    h.append(P0, cleanEvent("jan-2", JAN));
    h.append(P0, cleanEvent("feb-1", FEB));
    SinkHarness.Process p = h.start(new BatchPolicy(10, 500), P0);

    p.run(2, 500);

    assertThat(h.warehouse.inserts()).extracting(Batch::month, Batch::firstOffset, Batch::lastOffset)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(202601, 0L, 1L),
            org.assertj.core.groups.Tuple.tuple(202602, 2L, 2L));
  }

  @Test
  void shouldSkipTombstones() {
    h.append(P0, cleanEvent("e-0", JAN));
    h.appendRaw(P0, null);
    h.append(P0, cleanEvent("e-2", JAN));
    SinkHarness.Process p = h.start(TWO_ROWS, P0);

    p.run(2, 500);

    assertThat(offsetsInWarehouse()).containsExactly(0L, 2L);
    assertThat(h.groupOffsets().get(P0).offset()).isEqualTo(3);
  }

  @Test
  void shouldStopNamingTableAndOffsetsWhenClickHouseRefusesBatch() {
    appendEvents(2);
    h.warehouse.failNextInserts(Fault.REFUSED);
    SinkHarness.Process p = h.start(TWO_ROWS, P0);

    assertThatThrownBy(() -> p.run(1, 0))
        .isInstanceOf(SinkFatalException.class)
        .hasMessageContaining("events <- events.clean-0 offsets [0..1]")
        .hasMessageContaining("resumes at offset 0");
    assertThat(h.groupOffsets()).doesNotContainKey(P0);
  }

  @Test
  void shouldStopNamingCoordinatesWhenRecordIsNotAvro() {
    h.append(P0, cleanEvent("e-0", JAN));
    h.appendRaw(P0, new byte[] {'{', '}'});
    SinkHarness.Process p = h.start(TWO_ROWS, P0);

    assertThatThrownBy(() -> p.run(1, 0))
        .isInstanceOf(SinkFatalException.class)
        .hasMessageContaining("events.clean-0 offset 1")
        .hasMessageContaining("only write valid Avro");
  }

  @Test
  void shouldTreatUnreachableRegistryButNotBadBytesAsRetriableDecodeFailure() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    SchemaRegistryException down;
    try (SchemaRegistryClient client = new SchemaRegistryClient("http://127.0.0.1:" + closedPort + "/apis/ccompat/v7",
        java.time.Duration.ofSeconds(2))) {
      down = org.assertj.core.api.Assertions.catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(1));
    }

    assertThat(SinkLoop.isRetriableDecodeFailure(new RuntimeException(down))).isTrue();
    assertThat(SinkLoop.isRetriableDecodeFailure(new org.apache.kafka.common.errors.SerializationException("x")))
        .isFalse();
  }

  @Test
  void shouldWaitForInFlightInsertBeforeReturningFromRevocation() {
    appendEvents(P0, 2);
    holdInserts();
    SinkHarness.Process a = h.start(TWO_ROWS, pool, P0, P1);
    a.run(1, 0); // batch [0..1] sealed and handed to the pool, where ClickHouse is stuck

    CompletableFuture<Void> revocation = CompletableFuture.runAsync(() -> a.assign(P1));

    org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> !revocation.isDone());
    assertThat(offsetsInWarehouse()).isEmpty();
    release.countDown();
    revocation.join();
    // it returned only once the insert had ended: nothing of P0 is written by this instance afterwards
    assertThat(offsetsInWarehouse()).isEqualTo(range(2));
    h.append(P0, cleanEvent("late", JAN));
    a.run(3, 500);
    assertThat(h.warehouse.inserts()).hasSize(1);
  }

  @Test
  void shouldInsertEachPartitionInOffsetOrderOneAtATimeWhileDifferentPartitionsOverlap() {
    appendEvents(P0, 20);
    appendEvents(P1, 20);
    h.warehouse.beforeInsert(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20))); // a slow server
    SinkHarness.Process p = h.start(TWO_ROWS, pool, P0, P1);

    runUntilLoaded(p, 20, P0, P1);

    assertThat(offsetsInWarehouse()).isEqualTo(range(20));
    assertThat(h.warehouse.offsets(WarehouseTables.EVENTS, TOPIC, 1)).isEqualTo(range(20));
    assertThat(h.warehouse.overlappingInsertsOfOnePartition()).isZero();
    assertThat(h.warehouse.maxConcurrentInserts()).isEqualTo(2);
  }

  @Test
  void shouldRetryFailedInFlightInsertBeforeAnyLaterBatchOfItsPartition() {
    appendEvents(P0, 6);
    h.warehouse.failNextInserts(Fault.UNREACHABLE, Fault.LANDED_BUT_TIMED_OUT);
    SinkHarness.Process p = h.start(TWO_ROWS, pool, P0);

    runUntilLoaded(p, 6, P0);

    // [0..1] failed, then landed but timed out; the retry found it in the warehouse; only then [2..3]
    assertThat(h.warehouse.inserts()).extracting(Batch::firstOffset).containsExactly(0L, 2L, 4L);
    assertThat(offsetsInWarehouse()).isEqualTo(range(6));
    assertThat(h.warehouse.overlappingInsertsOfOnePartition()).isZero();
  }

  @Test
  void shouldPausePartitionWhileMaxSealedBatchesAreUnwrittenAndResumeWhenDrained() {
    appendEvents(P0, 4);
    holdInserts();
    SinkHarness.Process p = h.start(TWO_ROWS, pool, P0);

    p.run(1, 0); // [0..1] in flight, [2..3] waiting: the bound
    assertThat(p.consumer.paused()).containsExactly(P0);
    appendEvents(P0, 4);
    p.run(3, 100);
    assertThat(p.consumer.paused()).containsExactly(P0);
    assertThat(p.consumer.position(P0)).as("new records stay in Kafka").isEqualTo(2 * DeliveryProtocol.MAX_SEALED_BATCHES);

    release.countDown();
    runUntilLoaded(p, 8, P0);

    assertThat(offsetsInWarehouse()).isEqualTo(range(8));
    assertThat(p.consumer.paused()).isEmpty();
  }
}
