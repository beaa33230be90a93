package dev.tributary.sink.kafka;

import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.batching.WarehouseWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's exactly-once delivery protocol: what is safe to do when, for the partitions one
 * instance owns. It holds no consumer, thread or clock; {@link SinkLoop} tells it what happened
 * (assignment, a resume lookup's answer, a sealed batch, an insert's outcome, a revocation) with
 * the current time, and does what it answers (seek, insert, commit, pause, wait, stop).
 *
 * <ol>
 *   <li><b>Claim.</b> An assigned partition is first {@linkplain WarehouseWriter#claim claimed} in
 *       the warehouse with the epoch of its assignment (the group generation); every insert carries
 *       that epoch, and the warehouse refuses inserts of older epochs. A claim that finds a newer
 *       one (this instance is a zombie for the partition) is retried with backoff until the
 *       rebalance takes the partition away; an insert the fence refused drops the partition's
 *       batches and claims again the same way. Nothing is committed for a fenced batch.
 *   <li><b>Resume point.</b> An assigned partition is not fetched until it is claimed and its resume
 *       point is known: by {@link ResumeStrategy#FROM_WAREHOUSE}, {@code max(warehouse next offset,
 *       committed offset)}, asked after the claim (which waits out every earlier owner's running
 *       insert). A failed lookup is retried with backoff; a lookup ClickHouse refuses stops the sink.
 *   <li><b>Ordering.</b> Sealed batches of a partition are inserted strictly in offset order, at
 *       most one in flight, always the oldest; so the warehouse holds a prefix of each partition.
 *   <li><b>Commit after ack.</b> An offset is committed only once the warehouse holds the batch.
 *   <li><b>Retry after asking.</b> After a failed insert (which may have landed anyway) the retry
 *       of the same batch first asks the warehouse how far the partition got, and writes only the
 *       {@linkplain #remainder rest}; a failure retrying cannot help stops the sink.
 *   <li><b>Revocation.</b> A partition is let go only after its in-flight insert ended (so the next
 *       owner's resume lookup sees it); its offset is committed if that insert succeeded and the
 *       partition was revoked (still ours), not lost; its unwritten batches are dropped.
 *   <li><b>Bounded memory.</b> A partition is paused while its resume point is unknown, while it
 *       backs off, or while {@value #MAX_SEALED_BATCHES} sealed batches are not yet written.
 * </ol>
 *
 * <p>Not thread-safe: driven by the one thread that owns the consumer.
 */
public final class DeliveryProtocol {

  /** Sealed batches per partition, in flight included, beyond which the partition is paused. */
  static final int MAX_SEALED_BATCHES = 2;

  private final ResumeStrategy resume;
  private final RetryBackoff backoff;
  private final String warehouse;
  private final Map<TopicPartition, PartitionState> owned = new LinkedHashMap<>();

  /**
   * @param warehouse where the warehouse is, without credentials, for the messages of decisions
   */
  public DeliveryProtocol(ResumeStrategy resume, RetryBackoff backoff, String warehouse) {
    this.resume = Objects.requireNonNull(resume, "resume");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
  }

  /** What to do after an event: one of {@link Commit}, {@link Retry}, {@link Fenced}, {@link Stop}. */
  public sealed interface Decision permits Commit, Retry, Fenced, Stop {}

  /** The warehouse holds {@code batch}: commit {@code offset} (its next offset) for {@code tp}. */
  public record Commit(TopicPartition tp, long offset, Batch batch, int failedAttempts) implements Decision {}

  /** Try {@code tp} again in {@code delayMs} (it stays paused meanwhile); {@code attempt} failures so far. */
  public record Retry(TopicPartition tp, long delayMs, int attempt) implements Decision {}

  /**
   * A newer owner claimed {@code tp}: the insert under {@code epoch} wrote nothing, the partition's
   * {@code droppedRows} unwritten rows are dropped (drop its buffer too), and it is claimed again
   * in {@code delayMs}, unless the rebalance takes it away first.
   */
  public record Fenced(TopicPartition tp, long epoch, int droppedRows, long delayMs) implements Decision {}

  /** Going on would skip or corrupt data: stop the sink with {@code reason}. */
  public record Stop(String reason, Throwable cause) implements Decision {}

  /**
   * Claim {@code tp} for {@code epoch}, then look up where it resumes: its committed offset and, if
   * {@code askWarehouse}, the warehouse.
   */
  public record ResumeQuery(TopicPartition tp, boolean askWarehouse, long epoch) {}

  /**
   * Start inserting {@code batch} under the claim {@code epoch}; if {@code askWarehouseFirst}, only
   * its {@linkplain #remainder rest}.
   */
  public record Insert(Batch batch, boolean askWarehouseFirst, long epoch) {}

  // ---- assignment and resume point

  /**
   * {@code tp} was assigned under {@code epoch} (the consumer group generation of the assignment,
   * higher than that of any earlier assignment of it): nothing may be fetched from it before
   * {@link #resumeFound}.
   */
  public void assigned(TopicPartition tp, long epoch) {
    if (owned.containsKey(tp)) {
      throw new IllegalStateException(tp + " assigned while already owned");
    }
    owned.put(tp, new PartitionState(tp, epoch));
  }

  /** The partitions whose resume point is to be looked up now (unknown, and not backing off). */
  public List<ResumeQuery> resumeQueriesDue(long nowMs) {
    List<ResumeQuery> due = new ArrayList<>();
    for (PartitionState s : owned.values()) {
      if (!s.resolved && s.due(nowMs)) {
        due.add(new ResumeQuery(s.tp, resume.asksWarehouse(), s.epoch));
      }
    }
    return due;
  }

  /**
   * The lookup of {@code tp} answered: from now on its records are accepted.
   *
   * @return the offset to seek to; empty to start where the consumer's reset policy says
   */
  public OptionalLong resumeFound(TopicPartition tp, OptionalLong warehouseNext, OptionalLong committed) {
    PartitionState state = require(tp);
    if (state.resolved) {
      throw new IllegalStateException("the resume point of " + tp + " is already known");
    }
    state.resolved = true;
    state.succeed();
    return resume.resumeAt(warehouseNext, committed);
  }

  /**
   * The claim of {@code tp} found a newer owner's ({@code highest} above this assignment's epoch):
   * this instance lost the partition without hearing of it yet. It must not write it; the claim is
   * tried again after a backoff, by when the rebalance has normally taken the partition away.
   */
  public Retry claimLost(TopicPartition tp, long nowMs, long highest) {
    PartitionState state = require(tp);
    if (highest <= state.epoch) {
      throw new IllegalStateException("claim of " + tp + " under epoch " + state.epoch + " is not lost to " + highest);
    }
    return unavailable(tp, nowMs);
  }

  /** The epoch {@code tp} was assigned under. */
  public long epoch(TopicPartition tp) {
    return require(tp).epoch;
  }

  /** Asking the warehouse where {@code tp} ends failed: {@link Retry}, or {@link Stop} if it never can answer. */
  public Decision resumeFailed(TopicPartition tp, long nowMs, WarehouseException e) {
    if (!e.retriable()) {
      return new Stop("Cannot read from ClickHouse at " + warehouse + " where " + tp + " stopped: "
          + e.getMessage(), e);
    }
    return unavailable(tp, nowMs);
  }

  /**
   * Something {@code tp} needs right now (its committed offset, the schema registry) is
   * unavailable for a while: back off, keeping the partition paused.
   */
  public Retry unavailable(TopicPartition tp, long nowMs) {
    PartitionState state = require(tp);
    long delay = state.fail(nowMs, backoff);
    return new Retry(tp, delay, state.failures);
  }

  // ---- batches and inserts

  /** The partitions owned: assigned and not yet released. */
  public Set<TopicPartition> owned() {
    return Set.copyOf(owned.keySet());
  }

  /** How many owned partitions still wait for their resume point (nothing is read from them yet). */
  public int awaitingResume() {
    return (int) owned.values().stream().filter(s -> !s.resolved).count();
  }

  /** Whether records of {@code tp} may be converted and batched: owned, and its resume point known. */
  public boolean accepts(TopicPartition tp) {
    PartitionState state = owned.get(tp);
    return state != null && state.resolved;
  }

  /**
   * A batch was sealed: it is inserted after every earlier batch of its partition. A batch of a
   * partition no longer owned is ignored (its next owner re-reads those records).
   */
  public void sealed(Batch batch) {
    PartitionState state = owned.get(batch.source());
    if (state == null) {
      return;
    }
    if (!state.resolved) {
      throw new IllegalStateException("batch " + batch.describe() + " sealed before the resume point of "
          + state.tp + " was known");
    }
    Batch last = state.ready.peekLast();
    if (last != null && batch.firstOffset() <= last.lastOffset()) {
      throw new IllegalStateException("batch " + batch.describe() + " does not follow " + last.describe());
    }
    state.ready.add(batch);
  }

  /**
   * The inserts to start now, at most one per partition: the oldest batch of each partition that
   * has none in flight and is not backing off. Each is in flight until {@link #insertEnded}.
   */
  public List<Insert> insertsDue(long nowMs) {
    List<Insert> due = new ArrayList<>();
    for (PartitionState s : owned.values()) {
      if (!s.inFlight && !s.ready.isEmpty() && s.due(nowMs)) {
        s.inFlight = true;
        // a failure before: that attempt may have landed, so this one asks the warehouse first
        due.add(new Insert(s.ready.peek(), s.failures > 0 && resume.asksWarehouse(), s.epoch));
      }
    }
    return due;
  }

  /**
   * The in-flight insert of a partition ended: {@link Commit} when the warehouse holds the batch,
   * {@link Retry} (of the same batch, before any later one) after a retriable failure, {@link Stop}
   * when retrying cannot help.
   */
  public Decision insertEnded(InsertOutcome outcome, long nowMs) {
    PartitionState state = inFlightOf(outcome.batch());
    state.inFlight = false;
    Batch batch = outcome.batch();
    if (outcome instanceof InsertOutcome.Failed failed) {
      WarehouseException e = failed.error();
      if (e.fenced()) {
        int dropped = state.readyRows();
        state.ready.clear();
        state.resolved = false;
        long delay = state.fail(nowMs, backoff);
        return new Fenced(state.tp, state.epoch, dropped, delay);
      }
      if (!e.retriable()) {
        return new Stop("ClickHouse at " + warehouse + " refused " + batch.describe()
            + " and retrying cannot help: " + e.getMessage() + ". The sink stops rather than skip these rows;"
            + " fix the table or the data, then restart: it resumes at offset " + batch.firstOffset()
            + " of " + batch.source() + ".", e);
      }
      long delay = state.fail(nowMs, backoff);
      return new Retry(state.tp, delay, state.failures);
    }
    int failures = state.failures;
    state.ready.poll();
    state.succeed();
    return new Commit(state.tp, batch.nextOffset(), batch, failures);
  }

  /** The partitions that must not be fetched now: resume point unknown, backing off, or full. */
  public Set<TopicPartition> mustPause(long nowMs) {
    Set<TopicPartition> pause = new LinkedHashSet<>();
    for (PartitionState s : owned.values()) {
      if (!s.resolved || !s.due(nowMs) || s.ready.size() >= MAX_SEALED_BATCHES) {
        pause.add(s.tp);
      }
    }
    return pause;
  }

  /** When the earliest backoff after {@code nowMs} ends, if a partition is backing off. */
  public OptionalLong nextRetryAtMs(long nowMs) {
    return owned.values().stream().mapToLong(s -> s.notBeforeMs).filter(t -> t > nowMs).min();
  }

  // ---- letting partitions go

  /** Whether {@code tp} has an insert in flight: letting it go must wait until that insert ended. */
  public boolean insertInFlight(TopicPartition tp) {
    PartitionState state = owned.get(tp);
    return state != null && state.inFlight;
  }

  /**
   * The in-flight insert of a partition being let go ended. When it succeeded the batch is
   * committed if the partition was {@code revoked} (we still own it until the revocation returns),
   * not if it was lost (another instance may own it already; its offset is only a lower bound).
   */
  public Optional<Commit> insertEndedWhileLeaving(InsertOutcome outcome, boolean revoked) {
    PartitionState state = inFlightOf(outcome.batch());
    state.inFlight = false;
    if (!(outcome instanceof InsertOutcome.Written)) {
      return Optional.empty();
    }
    int failures = state.failures;
    Batch batch = state.ready.poll();
    return revoked ? Optional.of(new Commit(state.tp, batch.nextOffset(), batch, failures)) : Optional.empty();
  }

  /**
   * Lets {@code tp} go, dropping its unwritten batches: its next owner resumes from the warehouse.
   * Call only once its in-flight insert, if any, has ended.
   *
   * @return the rows dropped
   */
  public int release(TopicPartition tp) {
    PartitionState state = owned.remove(tp);
    return state == null ? 0 : state.readyRows();
  }

  /**
   * What an insert of {@code batch} still has to write when the warehouse's next offset of its
   * partition is {@code warehouseNext}: the whole batch if the warehouse holds none of it, the
   * rows at or after {@code warehouseNext}, or nothing if it holds all.
   */
  public static Optional<Batch> remainder(Batch batch, OptionalLong warehouseNext) {
    return warehouseNext.isPresent() ? batch.remainderFrom(warehouseNext.getAsLong()) : Optional.of(batch);
  }

  private PartitionState require(TopicPartition tp) {
    PartitionState state = owned.get(tp);
    if (state == null) {
      throw new IllegalStateException(tp + " is not owned");
    }
    return state;
  }

  private PartitionState inFlightOf(Batch batch) {
    PartitionState state = require(batch.source());
    if (!state.inFlight || state.ready.peek() != batch) {
      throw new IllegalStateException("insert of " + batch.describe() + " ended, but it is not the in-flight"
          + " insert of " + state.tp);
    }
    return state;
  }
}
