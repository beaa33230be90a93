package dev.tributary.sink.kafka;

import dev.tributary.schema.registry.SchemaRegistryException;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.BatchAccumulator;
import dev.tributary.sink.batching.BatchPolicy;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.batching.WarehouseWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume → batch → insert → commit loop, and the exactly-once mechanism:
 *
 * <ol>
 *   <li>On assignment, a partition's position is {@code max(warehouse next offset, committed
 *       offset)}: the warehouse, whose every row carries its topic/partition/offset, is the
 *       source of truth; the committed offset is a lower bound for monitoring.
 *   <li>Batches are contiguous offsets of one partition in one ClickHouse partition, inserted
 *       atomically and strictly in order, so the warehouse always holds a prefix of each Kafka
 *       partition; hence "next offset = max(_offset) + 1" is exact.
 *   <li>After a failed insert (which may still have landed), the next attempt first asks the
 *       warehouse how far it got and writes only the rest.
 *   <li>Offsets are committed only after the insert succeeded; revoked partitions drop their
 *       unwritten rows once their in-flight insert has ended, and their next owner resumes from
 *       the warehouse.
 * </ol>
 *
 * <p>INSERTs run on a small pool ({@link Inserts}) while this thread keeps polling, decoding and
 * encoding: at most one insert per partition is in flight, always of its oldest sealed batch, so
 * (2) holds per partition while different partitions insert concurrently. Only this thread
 * touches the consumer: it collects finished inserts, commits, and dispatches the next batch.
 *
 * <p>While a partition waits (resume position unknown, insert backing off, registry unavailable,
 * or {@value #MAX_SEALED_BATCHES} sealed batches not yet written) it is paused, so memory stays
 * bounded (per partition: those batches, the open buffer, and the records of the poll that filled
 * them) and the consumer keeps polling (it stays in the group).
 *
 * <p>Not thread-safe: every method but {@link #stop()} runs on the one thread that owns the
 * consumer (the rebalance listener runs inside {@code poll} on that thread).
 */
public final class SinkLoop {

  private static final Logger LOG = LoggerFactory.getLogger(SinkLoop.class);

  /** Sealed batches per partition, in flight included, beyond which the partition is paused. */
  static final int MAX_SEALED_BATCHES = 2;
  /** Longest poll while an insert is in flight and records may come, so its commit is not late. */
  private static final long IN_FLIGHT_POLL_MS = 5;

  private final Consumer<String, byte[]> consumer;
  private final Map<String, TopicBinding> bindings;
  private final WarehouseWriter writer;
  private final BatchAccumulator accumulator;
  private final Inserts inserts;
  private final RetryBackoff backoff;
  private final LongSupplier clockMs;
  private final Duration pollTimeout;
  private final boolean resumeFromWarehouse;
  private final Map<TopicPartition, PartitionState> owned = new LinkedHashMap<>();
  private volatile boolean stopping;
  private volatile boolean subscribed;

  public SinkLoop(Consumer<String, byte[]> consumer, Collection<TopicBinding> bindings, WarehouseWriter writer,
      BatchPolicy policy, RetryBackoff backoff, LongSupplier clockMs, Duration pollTimeout) {
    this(consumer, bindings, writer, policy, backoff, clockMs, pollTimeout, true);
  }

  /**
   * @param resumeFromWarehouse for testing only: false disables the mechanism (resume and retry
   *     consult committed offsets alone), so a test can show that a crash then duplicates rows
   */
  public SinkLoop(Consumer<String, byte[]> consumer, Collection<TopicBinding> bindings, WarehouseWriter writer,
      BatchPolicy policy, RetryBackoff backoff, LongSupplier clockMs, Duration pollTimeout,
      boolean resumeFromWarehouse) {
    this(consumer, bindings, writer, policy, backoff, clockMs, pollTimeout, resumeFromWarehouse,
        new Inserts(writer, resumeFromWarehouse));
  }

  /**
   * @param insertExecutor runs the INSERTs; owned by the caller. A direct executor ({@code
   *     Runnable::run}) makes every insert synchronous, as tests of crash points want
   */
  public SinkLoop(Consumer<String, byte[]> consumer, Collection<TopicBinding> bindings, WarehouseWriter writer,
      BatchPolicy policy, RetryBackoff backoff, LongSupplier clockMs, Duration pollTimeout,
      boolean resumeFromWarehouse, Executor insertExecutor) {
    this(consumer, bindings, writer, policy, backoff, clockMs, pollTimeout, resumeFromWarehouse,
        new Inserts(writer, resumeFromWarehouse, Objects.requireNonNull(insertExecutor, "insertExecutor")));
  }

  private SinkLoop(Consumer<String, byte[]> consumer, Collection<TopicBinding> bindings, WarehouseWriter writer,
      BatchPolicy policy, RetryBackoff backoff, LongSupplier clockMs, Duration pollTimeout,
      boolean resumeFromWarehouse, Inserts inserts) {
    this.inserts = inserts;
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.bindings = bindings.stream().collect(Collectors.toUnmodifiableMap(TopicBinding::topic, b -> b));
    this.writer = Objects.requireNonNull(writer, "writer");
    this.accumulator = new BatchAccumulator(policy, clockMs);
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
    this.resumeFromWarehouse = resumeFromWarehouse;
    if (!resumeFromWarehouse) {
      LOG.warn("sink.resume.from.warehouse=false: resuming from committed offsets alone; a crash between"
          + " insert and commit WILL duplicate rows. For testing only.");
    }
  }

  /** Subscribes to the bound topics with the resume-from-warehouse rebalance listener. */
  public void subscribe() {
    consumer.subscribe(bindings.keySet(), new Listener());
    subscribed = true;
  }

  /**
   * Subscribes, then loops until {@link #stop()}.
   *
   * @throws SinkFatalException when going on would skip or corrupt data
   */
  public void run() {
    subscribe();
    try {
      while (!stopping) {
        runOnce();
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      subscribed = false;
      awaitInFlight();
      inserts.close();
    }
    LOG.info("Sink loop stopped; {} unwritten rows dropped (the next start resumes from the warehouse)",
        accumulator.bufferedRows() + owned.values().stream().mapToInt(PartitionState::readyRows).sum());
  }

  /** Asks the loop to end; safe from any thread. */
  public void stop() {
    stopping = true;
    inserts.wake();
    consumer.wakeup();
  }

  /** True between subscription and the end of {@link #run()}. */
  public boolean isSubscribed() {
    return subscribed;
  }

  /**
   * One iteration: resume pending partitions, collect finished inserts, poll, convert, batch,
   * dispatch due batches, pause/resume.
   */
  public void runOnce() {
    resolveDue();
    flushDue();
    updatePauses();
    ConsumerRecords<String, byte[]> records = consumer.poll(pollWait());
    for (TopicPartition tp : records.partitions()) {
      PartitionState state = owned.get(tp);
      if (state != null && state.resolved) {
        accept(state, records.records(tp));
      }
    }
    for (Batch batch : accumulator.sealExpired()) {
      enqueue(batch);
    }
    flushDue();
    updatePauses();
  }

  /** Rows converted but not yet written, for tests and metrics. */
  public int pendingRows() {
    return accumulator.bufferedRows() + owned.values().stream().mapToInt(PartitionState::readyRows).sum();
  }

  private void accept(PartitionState state, List<ConsumerRecord<String, byte[]>> records) {
    TopicBinding binding = bindings.get(state.tp.topic());
    for (ConsumerRecord<String, byte[]> record : records) {
      Row row;
      try {
        row = binding.converter().convert(record);
      } catch (RuntimeException e) {
        if (isRetriableDecodeFailure(e)) {
          // re-read this record once the registry answers again; the rows before it stay buffered
          consumer.seek(state.tp, record.offset());
          long delay = state.fail(clockMs.getAsLong(), backoff);
          LOG.warn("Schema registry unavailable while reading {} offset {}; retrying in {} ms: {}",
              state.tp, record.offset(), delay, e.getMessage());
          return;
        }
        throw new SinkFatalException("Cannot read record " + state.tp + " offset " + record.offset()
            + " as " + binding.table().tableName() + " row: " + e.getMessage() + ". Upstream stages only write"
            + " valid Avro in the schema registry wire format, so this record comes from a bug or a foreign"
            + " producer; the sink stops rather than skip it. Inspect that record, fix the producer, then"
            + " restart.", e);
      }
      if (row == null) {
        LOG.debug("Skipping tombstone {} offset {}", state.tp, record.offset());
        continue;
      }
      for (Batch batch : accumulator.add(binding.table(), state.tp, row)) {
        enqueue(batch);
      }
    }
  }

  private void enqueue(Batch batch) {
    PartitionState state = owned.get(batch.source());
    if (state != null) {
      state.ready.add(batch);
    }
  }

  /**
   * Collects finished inserts (commit, or back off), then starts the next due batch of each idle
   * partition. With a direct executor an insert has finished when submitted, so this writes and
   * commits batch after batch as a synchronous loop would.
   */
  private void flushDue() {
    for (PartitionState state : new ArrayList<>(owned.values())) {
      Inserts.Attempt attempt = state.inFlight;
      if (attempt != null && attempt.isDone()) {
        state.inFlight = null;
        completed(state, attempt.outcome());
      }
    }
    for (PartitionState state : new ArrayList<>(owned.values())) {
      while (owned.get(state.tp) == state && state.inFlight == null && !state.ready.isEmpty()
          && state.due(clockMs.getAsLong())) {
        // failures > 0: the failed attempt may have landed, so this one asks the warehouse first
        Inserts.Attempt attempt = inserts.submit(state.tp, state.ready.peek(), state.failures);
        if (!attempt.isDone()) {
          state.inFlight = attempt;
          break;
        }
        completed(state, attempt.outcome());
      }
    }
  }

  /** Applies the outcome of the insert of {@code state}'s oldest batch. */
  private void completed(PartitionState state, InsertOutcome outcome) {
    Batch batch = outcome.batch();
    if (state.ready.peek() != batch) {
      throw new IllegalStateException("insert of " + batch.describe() + " ended, but the oldest batch of "
          + state.tp + " is another one");
    }
    if (outcome instanceof InsertOutcome.Failed failed) {
      WarehouseException e = failed.error();
      if (!e.retriable()) {
        throw new SinkFatalException("ClickHouse at " + writer.describe() + " refused " + batch.describe()
            + " and retrying cannot help: " + e.getMessage() + ". The sink stops rather than skip these rows;"
            + " fix the table or the data, then restart: it resumes at offset " + batch.firstOffset()
            + " of " + batch.source() + ".", e);
      }
      long delay = state.fail(clockMs.getAsLong(), backoff);
      LOG.warn("ClickHouse unreachable at {}; retrying {} in {} ms (attempt {}), consumption of {} paused: {}",
          writer.describe(), batch.describe(), delay, state.failures, state.tp, e.getMessage());
      return;
    }
    if (state.failures > 0) {
      LOG.info("ClickHouse at {} accepts writes again; wrote {} after {} failed attempts",
          writer.describe(), batch.describe(), state.failures);
    }
    state.ready.poll();
    state.succeed();
    LOG.debug("Wrote {} (sealed by {})", batch.describe(), batch.reason());
    commit(state.tp, batch.nextOffset());
  }

  /**
   * How long to poll. While inserts are in flight: briefly when records may come (so a finished
   * insert is committed and followed promptly), and not at all when every partition is paused, after
   * waiting for an insert to finish instead.
   */
  private Duration pollWait() {
    Duration wait = pollDuration();
    boolean inFlight = false;
    boolean done = false;
    long seen = inserts.completions();
    for (PartitionState s : owned.values()) {
      if (s.inFlight != null) {
        inFlight = true;
        done |= s.inFlight.isDone();
      }
    }
    if (!inFlight) {
      return wait;
    }
    Set<TopicPartition> paused = consumer.paused();
    if (owned.keySet().stream().anyMatch(tp -> !paused.contains(tp))) {
      return Duration.ofMillis(Math.min(wait.toMillis(), IN_FLIGHT_POLL_MS));
    }
    if (!done && !stopping) {
      try {
        inserts.awaitCompletionAfter(seen, wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    }
    return Duration.ZERO;
  }

  /** Waits for every in-flight insert to end, so none lands after this loop has stopped. */
  private void awaitInFlight() {
    for (PartitionState state : owned.values()) {
      Inserts.Attempt attempt = state.inFlight;
      state.inFlight = null;
      if (attempt != null) {
        try {
          attempt.outcome();
        } catch (RuntimeException e) {
          LOG.warn("Insert of {} failed while stopping: {}", state.tp, e.toString());
        }
      }
    }
  }

  private void commit(TopicPartition tp, long nextOffset) {
    try {
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(nextOffset)));
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      // only a lower bound: the warehouse already holds the rows and resuming reads it first
      LOG.warn("Could not commit offset {} of {} (the rows are in the warehouse; resume is unaffected): {}",
          nextOffset, tp, e.toString());
    }
  }

  private void resolveDue() {
    long now = clockMs.getAsLong();
    Set<TopicPartition> due = new HashSet<>();
    owned.values().forEach(s -> {
      if (!s.resolved && s.due(now)) {
        due.add(s.tp);
      }
    });
    if (due.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(due);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (RetriableException e) {
      for (TopicPartition tp : due) {
        long delay = owned.get(tp).fail(now, backoff);
        LOG.warn("Cannot read committed offset of {}; retrying in {} ms: {}", tp, delay, e.toString());
      }
      return;
    }
    for (TopicPartition tp : due) {
      resolve(owned.get(tp), committed.get(tp), now);
    }
  }

  private void resolve(PartitionState state, OffsetAndMetadata committed, long now) {
    TopicBinding binding = bindings.get(state.tp.topic());
    OptionalLong warehouseNext;
    try {
      warehouseNext = resumeFromWarehouse
          ? writer.nextOffset(binding.table(), state.tp.topic(), state.tp.partition())
          : OptionalLong.empty();
    } catch (WarehouseException e) {
      if (!e.retriable()) {
        throw new SinkFatalException("Cannot read from ClickHouse at " + writer.describe() + " where "
            + state.tp + " stopped: " + e.getMessage(), e);
      }
      long delay = state.fail(now, backoff);
      LOG.warn("ClickHouse unreachable at {}; retrying in {} ms to find where {} resumes (attempt {}): {}",
          writer.describe(), delay, state.tp, state.failures, e.getMessage());
      return;
    }
    long fromCommitted = committed == null ? -1 : committed.offset();
    long position = Math.max(warehouseNext.orElse(-1), fromCommitted);
    if (position >= 0) {
      consumer.seek(state.tp, position);
    }
    state.resolved = true;
    state.succeed();
    LOG.info("Resuming {} into table {} at offset {} (warehouse next {}, committed {})", state.tp,
        binding.table().tableName(), position >= 0 ? position : "earliest",
        warehouseNext.isPresent() ? warehouseNext.getAsLong() : "none",
        fromCommitted >= 0 ? fromCommitted : "none");
  }

  private void updatePauses() {
    long now = clockMs.getAsLong();
    Set<TopicPartition> paused = consumer.paused();
    List<TopicPartition> toPause = new ArrayList<>();
    List<TopicPartition> toResume = new ArrayList<>();
    for (PartitionState s : owned.values()) {
      boolean wait = !s.resolved || !s.due(now) || s.ready.size() >= MAX_SEALED_BATCHES;
      if (wait && !paused.contains(s.tp)) {
        toPause.add(s.tp);
      } else if (!wait && paused.contains(s.tp)) {
        toResume.add(s.tp);
      }
    }
    if (!toPause.isEmpty()) {
      consumer.pause(toPause);
    }
    if (!toResume.isEmpty()) {
      consumer.resume(toResume);
    }
  }

  private Duration pollDuration() {
    long now = clockMs.getAsLong();
    long wait = pollTimeout.toMillis();
    OptionalLong expiry = accumulator.nextExpiryMs();
    if (expiry.isPresent()) {
      wait = Math.min(wait, expiry.getAsLong() - now);
    }
    for (PartitionState s : owned.values()) {
      if (s.notBeforeMs > now) {
        wait = Math.min(wait, s.notBeforeMs - now);
      }
    }
    return Duration.ofMillis(Math.max(0, wait));
  }

  /**
   * Lets partitions go. An insert of theirs still in flight is waited for first (it ends within
   * the client timeout): returning earlier would let the next owner resume from a warehouse this
   * instance is still writing to. When it succeeded and the partition was revoked (not lost), its
   * offset is committed, as we still own it until this returns.
   */
  private void forget(Collection<TopicPartition> partitions, String why, boolean commit) {
    for (TopicPartition tp : partitions) {
      PartitionState inFlight = owned.get(tp);
      if (inFlight != null && inFlight.inFlight != null) {
        Inserts.Attempt attempt = inFlight.inFlight;
        inFlight.inFlight = null;
        LOG.info("Partition {} {}; waiting for its in-flight insert to end before letting it go", tp, why);
        InsertOutcome outcome;
        try {
          outcome = attempt.outcome();
        } catch (RuntimeException e) {
          outcome = null;
          LOG.warn("Insert of {} failed while it was {}: {}", tp, why, e.toString());
        }
        if (outcome instanceof InsertOutcome.Written written) {
          inFlight.ready.poll();
          if (commit) {
            commit(tp, written.batch().nextOffset());
          }
        } else if (outcome instanceof InsertOutcome.Failed failed) {
          LOG.warn("Insert of {} failed while {} was {} (its next owner resumes from the warehouse): {}",
              failed.batch().describe(), tp, why, failed.error().getMessage());
        }
      }
      PartitionState state = owned.remove(tp);
      int dropped = state == null ? 0 : state.readyRows();
      accumulator.drop(tp);
      if (state != null) {
        LOG.info("Partition {} {}; dropped its unwritten batches ({} rows) and buffer: the next owner"
            + " resumes from the warehouse", tp, why, dropped);
      }
    }
  }

  static boolean isRetriableDecodeFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException sre) {
        return sre.retriable();
      }
    }
    return false;
  }

  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      forget(partitions, "revoked", true);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions, "lost", false);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      for (TopicPartition tp : partitions) {
        if (!bindings.containsKey(tp.topic())) {
          throw new IllegalStateException("assigned " + tp + " of a topic the sink does not load");
        }
        owned.put(tp, new PartitionState(tp));
      }
      // nothing may be fetched before we know where the warehouse ends
      consumer.pause(partitions);
      resolveDue();
      updatePauses();
    }
  }
}
