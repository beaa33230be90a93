package dev.tributary.sink.kafka;

import static dev.tributary.testsupport.TestRecords.JAN;
import static dev.tributary.testsupport.TestRecords.cleanEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.sink.kafka.DeliveryProtocol.Commit;
import dev.tributary.sink.kafka.DeliveryProtocol.Insert;
import dev.tributary.sink.kafka.DeliveryProtocol.ResumeQuery;
import dev.tributary.sink.kafka.DeliveryProtocol.Retry;
import dev.tributary.sink.kafka.DeliveryProtocol.Stop;
import dev.tributary.sink.testing.Batches;
import dev.tributary.sink.testing.CommittedOffsetsOnly;
import dev.tributary.sink.testing.FakeWarehouse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The delivery protocol alone, one test per crash point of {@code warehouse-sink/DESIGN.md}. A
 * "process" is one protocol instance plus what a driver would do with its decisions; a crash is
 * abandoning it: the warehouse and the committed offsets outlive it, nothing else does.
 */
class DeliveryProtocolTest {

  private static final String TOPIC = "events.clean";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final RetryBackoff BACKOFF = new RetryBackoff(100, 1_000);
  private static final long T0 = 1_000_000;

  private final FakeWarehouse warehouse = new FakeWarehouse();
  /** The consumer group generation: each new process is assigned in a later one. */
  private long generation;
  /** The consumer group's committed offsets, which outlive a process like the warehouse does. */
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  private static Batch batch(TopicPartition tp, long first, long last) {
    List<Row> rows = LongStream.rangeClosed(first, last)
        .mapToObj(o -> Rows.of(cleanEvent(tp.partition() + "-e-" + o, JAN), tp.topic(), tp.partition(), o))
        .toList();
    return Batches.of(WarehouseTables.EVENTS, tp, rows);
  }

  private static List<Long> range(long fromInclusive, long toExclusive) {
    return LongStream.range(fromInclusive, toExclusive).boxed().toList();
  }

  private List<Long> offsetsInWarehouse(TopicPartition tp) {
    return warehouse.offsets(WarehouseTables.EVENTS, TOPIC, tp.partition());
  }

  private OptionalLong committedOf(TopicPartition tp) {
    Long c = committed.get(tp);
    return c == null ? OptionalLong.empty() : OptionalLong.of(c);
  }

  private static OptionalLong none() {
    return OptionalLong.empty();
  }

  private static OptionalLong at(long offset) {
    return OptionalLong.of(offset);
  }

  /**
   * A new process that was assigned {@code tp} (in the next generation), claimed it and looked up
   * its resume point as a driver does.
   */
  private Process start(ResumeStrategy resume, TopicPartition tp) {
    return start(resume, tp, ++generation);
  }

  private Process start(ResumeStrategy resume, TopicPartition tp, long epoch) {
    Process p = new Process(new DeliveryProtocol(resume, BACKOFF, "fake://warehouse"));
    p.protocol.assigned(tp, epoch);
    assertThat(p.protocol.mustPause(T0)).as("paused until the resume point is known").contains(tp);
    assertThat(p.protocol.accepts(tp)).isFalse();
    List<ResumeQuery> queries = p.protocol.resumeQueriesDue(T0);
    assertThat(queries).containsExactly(new ResumeQuery(tp, resume.asksWarehouse(), epoch));
    assertThat(warehouse.claim(WarehouseTables.EVENTS, tp.topic(), tp.partition(), epoch)).isEqualTo(epoch);
    OptionalLong warehouseNext = resume.asksWarehouse()
        ? warehouse.nextOffset(WarehouseTables.EVENTS, tp.topic(), tp.partition()) : none();
    p.position = p.protocol.resumeFound(tp, warehouseNext, committedOf(tp));
    return p;
  }

  private Process start(TopicPartition tp) {
    return start(ResumeStrategy.FROM_WAREHOUSE, tp);
  }

  /** One sink process: the protocol, and a driver that inserts and commits as told. */
  private final class Process {
    final DeliveryProtocol protocol;
    OptionalLong position = OptionalLong.empty();

    Process(DeliveryProtocol protocol) {
      this.protocol = protocol;
    }

    /** Performs an insert decision as {@code Inserts} does, against the fake warehouse. */
    InsertOutcome insert(Insert insert) {
      Batch b = insert.batch();
      try {
        Optional<Batch> rest = insert.askWarehouseFirst()
            ? DeliveryProtocol.remainder(b, warehouse.nextOffset(b.table(), TOPIC, b.source().partition()))
            : Optional.of(b);
        rest.ifPresent(r -> warehouse.insert(r, insert.epoch()));
        return new InsertOutcome.Written(b);
      } catch (WarehouseException e) {
        return new InsertOutcome.Failed(b, e);
      }
    }

    /** Inserts every due batch and commits each that was written, until nothing is due at {@code now}. */
    void deliver(long now) {
      List<Insert> due;
      while (!(due = protocol.insertsDue(now)).isEmpty()) {
        for (Insert insert : due) {
          if (protocol.insertEnded(insert(insert), now) instanceof Commit c) {
            committed.put(c.tp(), c.offset());
          }
        }
      }
    }
  }

  // ---- resume point

  @Test
  void shouldResumeAtWarehouseNextOffsetWhenItIsAheadOfCommitted() {
    DeliveryProtocol protocol = new DeliveryProtocol(ResumeStrategy.FROM_WAREHOUSE, BACKOFF, "w");
    protocol.assigned(P0, 1);

    assertThat(protocol.resumeFound(P0, at(4), at(2))).isEqualTo(at(4));
    assertThat(protocol.accepts(P0)).isTrue();
    assertThat(protocol.mustPause(T0)).isEmpty();
  }

  @Test
  void shouldResumeAtCommittedOffsetWhenItIsAheadOfWarehouse() {
    DeliveryProtocol protocol = new DeliveryProtocol(ResumeStrategy.FROM_WAREHOUSE, BACKOFF, "w");
    protocol.assigned(P0, 1);

    assertThat(protocol.resumeFound(P0, none(), at(3))).isEqualTo(at(3));
  }

  @Test
  void shouldStartAtTheBeginningWhenNeitherWarehouseNorGroupKnowsThePartition() {
    DeliveryProtocol protocol = new DeliveryProtocol(ResumeStrategy.FROM_WAREHOUSE, BACKOFF, "w");
    protocol.assigned(P0, 1);

    assertThat(protocol.resumeFound(P0, none(), none())).isEmpty();
  }

  @Test
  void shouldKeepPartitionPausedAndRetryLookupWithBackoffWhileWarehouseCannotAnswer() {
    DeliveryProtocol protocol = new DeliveryProtocol(ResumeStrategy.FROM_WAREHOUSE, BACKOFF, "w");
    protocol.assigned(P0, 1);

    DeliveryProtocol.Decision first = protocol.resumeFailed(P0, T0, new WarehouseException("refused", true, null));
    DeliveryProtocol.Decision second = protocol.resumeFailed(P0, T0 + 100, new WarehouseException("refused", true, null));

    assertThat(first).isEqualTo(new Retry(P0, 100, 1));
    assertThat(second).isEqualTo(new Retry(P0, 200, 2));
    assertThat(protocol.resumeQueriesDue(T0 + 299)).isEmpty();
    assertThat(protocol.mustPause(T0 + 299)).containsExactly(P0);
    assertThat(protocol.nextRetryAtMs(T0 + 100)).isEqualTo(at(T0 + 300));
    assertThat(protocol.resumeQueriesDue(T0 + 300)).containsExactly(new ResumeQuery(P0, true, 1));
  }

  @Test
  void shouldStopWhenWarehouseRefusesTheResumeLookup() {
    DeliveryProtocol protocol = new DeliveryProtocol(ResumeStrategy.FROM_WAREHOUSE, BACKOFF, "fake://w");
    protocol.assigned(P0, 1);

    DeliveryProtocol.Decision d = protocol.resumeFailed(P0, T0, new WarehouseException("code 60: no table", false, null));

    assertThat(d).isInstanceOf(Stop.class);
    assertThat(((Stop) d).reason()).contains("fake://w", "events.clean-0", "code 60: no table");
  }

  @Test
  void shouldRejectBatchOfPartitionWhoseResumePointIsUnknown() {
    DeliveryProtocol protocol = new DeliveryProtocol(ResumeStrategy.FROM_WAREHOUSE, BACKOFF, "w");
    protocol.assigned(P0, 1);

    assertThatThrownBy(() -> protocol.sealed(batch(P0, 0, 1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("resume point");
  }

  // ---- crash points (DESIGN.md)

  @Test
  void shouldRereadBatchOnceAfterCrashWhileBuffering() {
    Process first = start(P0);
    first.protocol.sealed(batch(P0, 0, 1));
    first.deliver(T0);
    // killed while batch [2..3] was still being buffered

    Process second = start(P0);

    assertThat(second.position).isEqualTo(at(2));
    second.protocol.sealed(batch(P0, 2, 3));
    second.deliver(T0);
    assertThat(offsetsInWarehouse(P0)).isEqualTo(range(0, 4));
  }

  @Test
  void shouldWriteBatchOnceAfterCrashDuringInsert() {
    Process first = start(P0);
    first.protocol.sealed(batch(P0, 0, 1));
    first.deliver(T0);
    first.protocol.sealed(batch(P0, 2, 3));
    assertThat(first.protocol.insertsDue(T0)).extracting(i -> i.batch().firstOffset()).containsExactly(2L);
    // killed during the INSERT of [2..3]: the part never became visible

    Process second = start(P0);

    assertThat(second.position).isEqualTo(at(2));
    second.protocol.sealed(batch(P0, 2, 3));
    second.deliver(T0);
    assertThat(offsetsInWarehouse(P0)).isEqualTo(range(0, 4));
  }

  @Test
  void shouldResumeFromWarehouseAfterCrashBetweenInsertAndCommit() {
    Process first = start(P0);
    first.protocol.sealed(batch(P0, 0, 1));
    first.deliver(T0);
    first.protocol.sealed(batch(P0, 2, 3));
    Insert insert = first.protocol.insertsDue(T0).get(0);
    first.insert(insert);
    // killed after the INSERT of [2..3] was acknowledged, before its commit
    assertThat(committed.get(P0)).isEqualTo(2);

    Process second = start(P0);

    assertThat(second.position).as("the warehouse, not the committed offset").isEqualTo(at(4));
    second.protocol.sealed(batch(P0, 4, 5));
    second.deliver(T0);
    assertThat(offsetsInWarehouse(P0)).isEqualTo(range(0, 6));
  }

  @Test
  void shouldDuplicateBatchAfterCrashBetweenInsertAndCommitWhenResumingFromCommittedOffsetsOnly() {
    Process first = start(CommittedOffsetsOnly.INSTANCE, P0);
    first.protocol.sealed(batch(P0, 0, 1));
    first.deliver(T0);
    first.protocol.sealed(batch(P0, 2, 3));
    first.insert(first.protocol.insertsDue(T0).get(0));

    Process second = start(CommittedOffsetsOnly.INSTANCE, P0);
    second.protocol.sealed(batch(P0, 2, 3));
    second.deliver(T0);

    // the negative control: what resuming from the warehouse prevents
    assertThat(second.position).isEqualTo(at(2));
    assertThat(offsetsInWarehouse(P0)).containsExactly(0L, 1L, 2L, 3L, 2L, 3L);
  }

  @Test
  void shouldResumeAfterLastCommittedBatchAfterCrashAfterCommit() {
    Process first = start(P0);
    first.protocol.sealed(batch(P0, 0, 1));
    first.protocol.sealed(batch(P0, 2, 3));
    first.deliver(T0);

    Process second = start(P0);

    assertThat(committed.get(P0)).isEqualTo(4);
    assertThat(second.position).isEqualTo(at(4));
  }

  @Test
  void shouldCommitOnlyAfterWarehouseAcknowledgedTheBatch() {
    Process p = start(P0);
    p.protocol.sealed(batch(P0, 0, 1));
    Insert insert = p.protocol.insertsDue(T0).get(0);

    DeliveryProtocol.Decision failed = p.protocol.insertEnded(
        new InsertOutcome.Failed(insert.batch(), new WarehouseException("timed out", true, null)), T0);
    assertThat(failed).isInstanceOf(Retry.class);

    Insert retry = p.protocol.insertsDue(T0 + 100).get(0);
    assertThat(p.protocol.insertEnded(new InsertOutcome.Written(retry.batch()), T0 + 100))
        .isEqualTo(new Commit(P0, 2, insert.batch(), 1));
  }

  @Test
  void shouldAskWarehouseBeforeRetryingInsertThatTimedOutAfterLanding() {
    Process p = start(P0);
    p.protocol.sealed(batch(P0, 0, 1));
    p.protocol.sealed(batch(P0, 2, 3));
    Insert attempt = p.protocol.insertsDue(T0).get(0);
    assertThat(attempt.askWarehouseFirst()).isFalse();
    warehouse.insert(attempt.batch(), attempt.epoch()); // it landed, but the client timed out

    DeliveryProtocol.Decision d = p.protocol.insertEnded(
        new InsertOutcome.Failed(attempt.batch(), new WarehouseException("read timed out", true, null)), T0);

    assertThat(d).isEqualTo(new Retry(P0, 100, 1));
    assertThat(p.protocol.mustPause(T0 + 99)).containsExactly(P0);
    assertThat(p.protocol.insertsDue(T0 + 99)).as("backing off").isEmpty();
    Insert retry = p.protocol.insertsDue(T0 + 100).get(0);
    assertThat(retry.batch()).as("the same batch, before any later one").isSameAs(attempt.batch());
    assertThat(retry.askWarehouseFirst()).isTrue();
    p.protocol.insertEnded(p.insert(retry), T0 + 100);
    p.deliver(T0 + 100);
    assertThat(offsetsInWarehouse(P0)).isEqualTo(range(0, 4));
    assertThat(committed.get(P0)).isEqualTo(4);
  }

  @Test
  void shouldRetryWholeBatchWhenFailedInsertDidNotLand() {
    Process p = start(P0);
    p.protocol.sealed(batch(P0, 0, 1));
    warehouse.setDown(true);
    p.deliver(T0);
    p.deliver(T0 + 100);
    assertThat(offsetsInWarehouse(P0)).isEmpty();

    warehouse.setDown(false);
    p.deliver(T0 + 300);

    assertThat(offsetsInWarehouse(P0)).isEqualTo(range(0, 2));
    assertThat(committed.get(P0)).isEqualTo(2);
  }

  @Test
  void shouldWriteOnlyTheRemainderOfBatchWhoseBeginningWarehouseHolds() {
    Batch b = batch(P0, 10, 13);

    assertThat(DeliveryProtocol.remainder(b, none())).containsSame(b);
    assertThat(DeliveryProtocol.remainder(b, at(10))).containsSame(b);
    assertThat(DeliveryProtocol.remainder(b, at(12)).orElseThrow().firstOffset()).isEqualTo(12);
    assertThat(DeliveryProtocol.remainder(b, at(14))).isEmpty();
  }

  @Test
  void shouldNeverAskWarehouseBeforeRetryWhenResumingFromCommittedOffsetsOnly() {
    Process p = start(CommittedOffsetsOnly.INSTANCE, P0);
    p.protocol.sealed(batch(P0, 0, 1));
    Insert attempt = p.protocol.insertsDue(T0).get(0);
    p.protocol.insertEnded(new InsertOutcome.Failed(attempt.batch(), new WarehouseException("x", true, null)), T0);

    assertThat(p.protocol.insertsDue(T0 + 100).get(0).askWarehouseFirst()).isFalse();
  }

  @Test
  void shouldStopNamingBatchAndResumeOffsetWhenWarehouseRefusesInsert() {
    Process p = start(P0);
    p.protocol.sealed(batch(P0, 4, 5));
    Insert attempt = p.protocol.insertsDue(T0).get(0);

    DeliveryProtocol.Decision d = p.protocol.insertEnded(
        new InsertOutcome.Failed(attempt.batch(), new WarehouseException("code 16: No such column", false, null)), T0);

    assertThat(d).isInstanceOf(Stop.class);
    assertThat(((Stop) d).reason()).contains("events <- events.clean-0 offsets [4..5]", "No such column",
        "resumes at offset 4");
  }

  @Test
  void shouldDropUnwrittenBatchesOfPartitionMovedMidBatchSoNextOwnerWritesThemOnce() {
    Process a = start(P0);
    a.protocol.sealed(batch(P0, 0, 1));
    a.protocol.sealed(batch(P0, 2, 3));

    assertThat(a.protocol.insertInFlight(P0)).isFalse();
    assertThat(a.protocol.release(P0)).isEqualTo(4);
    a.protocol.sealed(batch(P0, 4, 5)); // sealed from a buffer after the revocation: ignored
    assertThat(a.protocol.insertsDue(T0)).isEmpty();
    assertThat(a.protocol.owned()).isEmpty();

    Process b = start(P0);
    assertThat(b.position).isEmpty();
    b.protocol.sealed(batch(P0, 0, 1));
    b.deliver(T0);
    assertThat(offsetsInWarehouse(P0)).isEqualTo(range(0, 2));
  }

  @Test
  void shouldMakeRevocationWaitForInFlightInsertThenCommitIt() {
    Process a = start(P0);
    a.protocol.sealed(batch(P0, 0, 1));
    a.protocol.sealed(batch(P0, 2, 3));
    Insert inFlight = a.protocol.insertsDue(T0).get(0);

    assertThat(a.protocol.insertInFlight(P0)).as("revocation must wait").isTrue();
    Optional<Commit> commit = a.protocol.insertEndedWhileLeaving(a.insert(inFlight), true);

    assertThat(commit).contains(new Commit(P0, 2, inFlight.batch(), 0));
    assertThat(a.protocol.insertInFlight(P0)).isFalse();
    assertThat(a.protocol.release(P0)).as("the batch behind it is dropped").isEqualTo(2);
    committed.put(P0, commit.orElseThrow().offset());
    Process b = start(P0);
    assertThat(b.position).isEqualTo(at(2));
  }

  @Test
  void shouldNotCommitInsertThatEndedAfterPartitionWasLost() {
    Process a = start(P0);
    a.protocol.sealed(batch(P0, 0, 1));
    Insert inFlight = a.protocol.insertsDue(T0).get(0);

    assertThat(a.protocol.insertEndedWhileLeaving(a.insert(inFlight), false)).isEmpty();
    a.protocol.release(P0);

    Process b = start(P0);
    assertThat(b.position).as("its next owner finds the batch in the warehouse").isEqualTo(at(2));
  }

  @Test
  void shouldNotCommitFailedInsertOfRevokedPartition() {
    Process a = start(P0);
    a.protocol.sealed(batch(P0, 0, 1));
    Insert inFlight = a.protocol.insertsDue(T0).get(0);

    Optional<Commit> commit = a.protocol.insertEndedWhileLeaving(
        new InsertOutcome.Failed(inFlight.batch(), new WarehouseException("timed out", true, null)), true);

    assertThat(commit).isEmpty();
    assertThat(a.protocol.release(P0)).isEqualTo(2);
  }

  // ---- zombies: an instance that lost a partition without knowing it yet

  @Test
  void shouldRefuseZombieInsertThatLandsAfterTheNextOwnerClaimedThePartition() {
    Process zombie = start(P0);
    zombie.protocol.sealed(batch(P0, 0, 1));
    Insert stalled = zombie.protocol.insertsDue(T0).get(0);
    // the zombie stalls past max.poll.interval.ms with this INSERT not yet in the warehouse

    Process next = start(P0);
    assertThat(next.position).as("the stalled batch is not in the warehouse").isEmpty();
    next.protocol.sealed(batch(P0, 0, 1));
    next.protocol.sealed(batch(P0, 2, 3));
    next.deliver(T0);
    InsertOutcome late = zombie.insert(stalled);

    assertThat(late).isInstanceOf(InsertOutcome.Failed.class);
    assertThat(((InsertOutcome.Failed) late).error().fenced()).isTrue();
    assertThat(offsetsInWarehouse(P0)).isEqualTo(range(0, 4));
    assertThat(zombie.protocol.insertEndedWhileLeaving(late, false)).as("nothing to commit").isEmpty();
  }

  @Test
  void shouldDuplicateZombieInsertWhenTheNextOwnerDoesNotClaimAHigherEpoch() {
    Process zombie = start(P0);
    zombie.protocol.sealed(batch(P0, 0, 1));
    Insert stalled = zombie.protocol.insertsDue(T0).get(0);

    Process next = start(ResumeStrategy.FROM_WAREHOUSE, P0, generation); // the negative control: same epoch
    next.protocol.sealed(batch(P0, 0, 1));
    next.deliver(T0);
    zombie.insert(stalled);

    assertThat(offsetsInWarehouse(P0)).as("what the claim of a higher epoch prevents").containsExactly(0L, 1L, 0L, 1L);
  }

  @Test
  void shouldDropBatchesAndClaimAgainLaterWhenTheFenceRefusedAnInsert() {
    Process zombie = start(P0);
    zombie.protocol.sealed(batch(P0, 0, 1));
    zombie.protocol.sealed(batch(P0, 2, 4));
    Insert stalled = zombie.protocol.insertsDue(T0).get(0);
    start(P0);

    DeliveryProtocol.Decision d = zombie.protocol.insertEnded(zombie.insert(stalled), T0);

    assertThat(d).isEqualTo(new DeliveryProtocol.Fenced(P0, 1, 5, 100));
    assertThat(zombie.protocol.accepts(P0)).as("records are no longer batched").isFalse();
    assertThat(zombie.protocol.insertsDue(T0 + 1_000)).isEmpty();
    assertThat(zombie.protocol.mustPause(T0 + 1_000)).containsExactly(P0);
    assertThat(zombie.protocol.resumeQueriesDue(T0 + 99)).isEmpty();
    assertThat(zombie.protocol.resumeQueriesDue(T0 + 100)).containsExactly(new ResumeQuery(P0, true, 1));
  }

  @Test
  void shouldKeepPartitionPausedAndClaimAgainWithBackoffWhenANewerOwnerHoldsIt() {
    warehouse.claim(WarehouseTables.EVENTS, TOPIC, 0, 7);
    DeliveryProtocol protocol = new DeliveryProtocol(ResumeStrategy.FROM_WAREHOUSE, BACKOFF, "w");
    protocol.assigned(P0, 3);

    long highest = warehouse.claim(WarehouseTables.EVENTS, TOPIC, 0, protocol.resumeQueriesDue(T0).get(0).epoch());

    assertThat(highest).isEqualTo(7);
    assertThat(protocol.claimLost(P0, T0, highest)).isEqualTo(new Retry(P0, 100, 1));
    assertThat(protocol.accepts(P0)).isFalse();
    assertThat(protocol.mustPause(T0 + 99)).containsExactly(P0);
    assertThat(protocol.resumeQueriesDue(T0 + 100)).containsExactly(new ResumeQuery(P0, true, 3));
  }

  @Test
  void shouldRejectClaimLostToItsOwnEpoch() {
    DeliveryProtocol protocol = new DeliveryProtocol(ResumeStrategy.FROM_WAREHOUSE, BACKOFF, "w");
    protocol.assigned(P0, 3);

    assertThatThrownBy(() -> protocol.claimLost(P0, T0, 3)).isInstanceOf(IllegalStateException.class);
  }

  // ---- ordering and memory

  @Test
  void shouldHaveAtMostOneInsertInFlightPerPartitionAlwaysItsOldestBatch() {
    Process p = start(P0);
    p.protocol.assigned(P1, generation);
    p.protocol.resumeFound(P1, none(), none());
    p.protocol.sealed(batch(P0, 0, 1));
    p.protocol.sealed(batch(P0, 2, 3));
    p.protocol.sealed(batch(P1, 0, 1));

    List<Insert> first = p.protocol.insertsDue(T0);
    assertThat(first).extracting(i -> i.batch().source(), i -> i.batch().firstOffset())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(P0, 0L), org.assertj.core.groups.Tuple.tuple(P1, 0L));
    assertThat(p.protocol.insertsDue(T0)).as("both partitions have one in flight").isEmpty();

    p.protocol.insertEnded(new InsertOutcome.Written(first.get(0).batch()), T0);
    assertThat(p.protocol.insertsDue(T0)).extracting(i -> i.batch().firstOffset()).containsExactly(2L);
  }

  @Test
  void shouldRejectOutcomeOfInsertThatIsNotInFlight() {
    Process p = start(P0);
    p.protocol.sealed(batch(P0, 0, 1));
    p.protocol.sealed(batch(P0, 2, 3));
    p.protocol.insertsDue(T0);

    assertThatThrownBy(() -> p.protocol.insertEnded(new InsertOutcome.Written(batch(P0, 2, 3)), T0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not the in-flight insert");
  }

  @Test
  void shouldRejectBatchThatDoesNotFollowThePreviousOne() {
    Process p = start(P0);
    p.protocol.sealed(batch(P0, 0, 3));

    assertThatThrownBy(() -> p.protocol.sealed(batch(P0, 2, 5))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not follow");
  }

  @Test
  void shouldPausePartitionWhileMaxSealedBatchesAreUnwritten() {
    Process p = start(P0);
    p.protocol.sealed(batch(P0, 0, 1));
    assertThat(p.protocol.mustPause(T0)).isEmpty();
    p.protocol.sealed(batch(P0, 2, 3));
    assertThat(p.protocol.mustPause(T0)).containsExactly(P0);

    Insert oldest = p.protocol.insertsDue(T0).get(0);
    p.protocol.insertEnded(new InsertOutcome.Written(oldest.batch()), T0);

    assertThat(p.protocol.mustPause(T0)).isEmpty();
  }

  @Test
  void shouldBackOffPartitionWhoseRecordsCannotBeDecodedYet() {
    Process p = start(P0);

    assertThat(p.protocol.unavailable(P0, T0)).isEqualTo(new Retry(P0, 100, 1));
    assertThat(p.protocol.mustPause(T0 + 99)).containsExactly(P0);
    assertThat(p.protocol.mustPause(T0 + 100)).isEmpty();
  }

  @Test
  void shouldRejectSecondAssignmentOfOwnedPartition() {
    Process p = start(P0);

    assertThatThrownBy(() -> p.protocol.assigned(P0, generation)).isInstanceOf(IllegalStateException.class);
  }
}
