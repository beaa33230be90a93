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
import java.util.Optional;
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
 * The consume → batch → insert → commit loop: drives the Kafka consumer (poll, seek, pause,
 * commit, rebalance callbacks), converts and batches records ({@link BatchAccumulator}) and runs
 * inserts ({@link Inserts}), doing at each step what the {@link DeliveryProtocol} decides. The
 * exactly-once argument is the protocol's; this class only performs its decisions and reports
 * back what happened.
 *
 * <p>INSERTs run on a small pool while this thread keeps polling, decoding and encoding; only this
 * thread touches the consumer and the protocol: it collects finished inserts, commits, and starts
 * the next ones. Paused partitions keep the consumer polling (it stays in the group) with bounded
 * memory.
 *
 * <p>Not thread-safe: every method but {@link #stop()} runs on the one thread that owns the
 * consumer (the rebalance listener runs inside {@code poll} on that thread).
 */
public final class SinkLoop {

  private static final Logger LOG = LoggerFactory.getLogger(SinkLoop.class);

  /** Longest poll while an insert is in flight and records may come, so its commit is not late. */
  private static final long IN_FLIGHT_POLL_MS = 5;

  private final Consumer<String, byte[]> consumer;
  private final Map<String, TopicBinding> bindings;
  private final WarehouseWriter writer;
  private final BatchAccumulator accumulator;
  private final DeliveryProtocol protocol;
  private final Inserts inserts;
  private final LongSupplier clockMs;
  private final Duration pollTimeout;
  /** The running attempt of each partition the protocol has an insert in flight for. */
  private final Map<TopicPartition, Inserts.Attempt> inFlight = new LinkedHashMap<>();
  private volatile boolean stopping;
  private volatile boolean subscribed;
  /** Written on the loop's thread only (after each step and rebalance), read by the readiness probe. */
  private volatile LoopStatus status = LoopStatus.NOT_SUBSCRIBED;
  private boolean assignmentReceived;

  /** With a pool of {@value Inserts#DEFAULT_THREADS} insert threads, shut down when {@link #run()} ends. */
  public SinkLoop(Consumer<String, byte[]> consumer, Collection<TopicBinding> bindings, WarehouseWriter writer,
      BatchPolicy policy, RetryBackoff backoff, LongSupplier clockMs, Duration pollTimeout, ResumeStrategy resume) {
    this(consumer, bindings, writer, policy, backoff, clockMs, pollTimeout, resume, new Inserts(writer));
  }

  /**
   * @param insertExecutor runs the INSERTs; owned by the caller. A direct executor ({@code
   *     Runnable::run}) makes every insert synchronous, as tests of crash points want
   */
  public SinkLoop(Consumer<String, byte[]> consumer, Collection<TopicBinding> bindings, WarehouseWriter writer,
      BatchPolicy policy, RetryBackoff backoff, LongSupplier clockMs, Duration pollTimeout, ResumeStrategy resume,
      Executor insertExecutor) {
    this(consumer, bindings, writer, policy, backoff, clockMs, pollTimeout, resume,
        new Inserts(writer, Objects.requireNonNull(insertExecutor, "insertExecutor")));
  }

  private SinkLoop(Consumer<String, byte[]> consumer, Collection<TopicBinding> bindings, WarehouseWriter writer,
      BatchPolicy policy, RetryBackoff backoff, LongSupplier clockMs, Duration pollTimeout, ResumeStrategy resume,
      Inserts inserts) {
    this.inserts = inserts;
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.bindings = bindings.stream().collect(Collectors.toUnmodifiableMap(TopicBinding::topic, b -> b));
    this.writer = Objects.requireNonNull(writer, "writer");
    this.accumulator = new BatchAccumulator(policy, clockMs);
    this.protocol = new DeliveryProtocol(resume, backoff, writer.describe());
    this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
    if (resume != ResumeStrategy.FROM_WAREHOUSE) {
      LOG.warn("Resuming {}, not from the warehouse: a crash between insert and commit may duplicate rows."
          + " For testing only.", resume);
    }
  }

  /** Subscribes to the bound topics with the resume-from-warehouse rebalance listener. */
  public void subscribe() {
    consumer.subscribe(bindings.keySet(), new Listener());
    subscribed = true;
    publishStatus();
  }

  /**
   * Subscribes, then loops until {@link #stop()}.
   *
   * @throws SinkFatalException when going on would skip or corrupt data
   */
  public void run() {
    subscribe();
    int dropped;
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
      status = LoopStatus.NOT_SUBSCRIBED;
      dropped = letEverythingGo();
      inserts.close();
    }
    LOG.info("Sink loop stopped; {} unwritten rows dropped (the next start resumes from the warehouse)", dropped);
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

  /** The assignment as of the last step; safe from any thread. */
  public LoopStatus status() {
    return status;
  }

  private void publishStatus() {
    status = subscribed
        ? new LoopStatus(true, assignmentReceived, protocol.owned().size(), protocol.awaitingResume())
        : LoopStatus.NOT_SUBSCRIBED;
  }

  /**
   * One iteration: look up pending resume points, collect finished inserts, poll, convert, batch,
   * start due inserts, pause/resume.
   */
  public void runOnce() {
    resolveDue();
    flushDue();
    updatePauses();
    ConsumerRecords<String, byte[]> records = consumer.poll(pollWait());
    for (TopicPartition tp : records.partitions()) {
      if (protocol.accepts(tp)) {
        accept(tp, records.records(tp));
      }
    }
    for (Batch batch : accumulator.sealExpired()) {
      protocol.sealed(batch);
    }
    flushDue();
    updatePauses();
    publishStatus();
  }

  private void accept(TopicPartition tp, List<ConsumerRecord<String, byte[]>> records) {
    TopicBinding binding = bindings.get(tp.topic());
    for (ConsumerRecord<String, byte[]> record : records) {
      Row row;
      try {
        row = binding.converter().convert(record);
      } catch (RuntimeException e) {
        if (isRetriableDecodeFailure(e)) {
          // re-read this record once the registry answers again; the rows before it stay buffered
          consumer.seek(tp, record.offset());
          DeliveryProtocol.Retry retry = protocol.unavailable(tp, clockMs.getAsLong());
          LOG.warn("Schema registry unavailable while reading {} offset {}; retrying in {} ms: {}",
              tp, record.offset(), retry.delayMs(), e.getMessage());
          return;
        }
        throw new SinkFatalException("Cannot read record " + tp + " offset " + record.offset()
            + " as " + binding.table().name() + " row: " + e.getMessage() + ". Upstream stages only write"
            + " valid Avro in the schema registry wire format, so this record comes from a bug or a foreign"
            + " producer; the sink stops rather than skip it. Inspect that record, fix the producer, then"
            + " restart.", e);
      }
      if (row == null) {
        LOG.debug("Skipping tombstone {} offset {}", tp, record.offset());
        continue;
      }
      for (Batch batch : accumulator.add(binding.table(), tp, row)) {
        protocol.sealed(batch);
      }
    }
  }

  /**
   * Collects finished inserts, then starts the inserts the protocol says are due. With a direct
   * executor an insert has finished when submitted, so this writes and commits batch after batch as
   * a synchronous loop would.
   */
  private void flushDue() {
    for (var it = inFlight.entrySet().iterator(); it.hasNext(); ) {
      Inserts.Attempt attempt = it.next().getValue();
      if (attempt.isDone()) {
        it.remove();
        ended(attempt.outcome());
      }
    }
    List<DeliveryProtocol.Insert> due;
    while (!(due = protocol.insertsDue(clockMs.getAsLong())).isEmpty()) {
      for (DeliveryProtocol.Insert insert : due) {
        Inserts.Attempt attempt = inserts.submit(insert);
        if (attempt.isDone()) {
          ended(attempt.outcome());
        } else {
          inFlight.put(insert.batch().source(), attempt);
        }
      }
    }
  }

  /** Reports how an insert ended and does what the protocol decides: commit, wait, or stop. */
  private void ended(InsertOutcome outcome) {
    DeliveryProtocol.Decision decision = protocol.insertEnded(outcome, clockMs.getAsLong());
    if (decision instanceof DeliveryProtocol.Commit c) {
      if (c.failedAttempts() > 0) {
        LOG.info("ClickHouse at {} accepts writes again; wrote {} after {} failed attempts",
            writer.describe(), c.batch().describe(), c.failedAttempts());
      }
      LOG.debug("Wrote {} (sealed by {})", c.batch().describe(), c.batch().reason());
      commit(c.tp(), c.offset());
    } else if (decision instanceof DeliveryProtocol.Fenced f) {
      accumulator.drop(f.tp());
      LOG.warn("Another sink instance claimed {} since this one did (epoch {}): its insert wrote nothing, and"
          + " this instance dropped its {} unwritten rows. This instance stalled past max.poll.interval.ms or"
          + " session.timeout.ms; claiming again in {} ms unless the rebalance takes the partition away",
          f.tp(), f.epoch(), f.droppedRows(), f.delayMs());
    } else if (decision instanceof DeliveryProtocol.Retry r && outcome instanceof InsertOutcome.Failed f) {
      LOG.warn("ClickHouse unreachable at {}; retrying {} in {} ms (attempt {}), consumption of {} paused: {}",
          writer.describe(), f.batch().describe(), r.delayMs(), r.attempt(), r.tp(), f.error().getMessage());
    } else {
      stopIfTold(decision);
    }
  }

  private static void stopIfTold(DeliveryProtocol.Decision decision) {
    if (decision instanceof DeliveryProtocol.Stop s) {
      throw new SinkFatalException(s.reason(), s.cause());
    }
  }

  /**
   * How long to poll. While inserts are in flight: briefly when records may come (so a finished
   * insert is committed and followed promptly), and not at all when every partition is paused, after
   * waiting for an insert to finish instead.
   */
  private Duration pollWait() {
    Duration wait = pollDuration();
    if (inFlight.isEmpty()) {
      return wait;
    }
    long seen = inserts.completions();
    boolean done = inFlight.values().stream().anyMatch(Inserts.Attempt::isDone);
    Set<TopicPartition> paused = consumer.paused();
    if (protocol.owned().stream().anyMatch(tp -> !paused.contains(tp))) {
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

  private Duration pollDuration() {
    long now = clockMs.getAsLong();
    long wait = pollTimeout.toMillis();
    OptionalLong expiry = accumulator.nextExpiryMs();
    if (expiry.isPresent()) {
      wait = Math.min(wait, expiry.getAsLong() - now);
    }
    OptionalLong retry = protocol.nextRetryAtMs(now);
    if (retry.isPresent()) {
      wait = Math.min(wait, retry.getAsLong() - now);
    }
    return Duration.ofMillis(Math.max(0, wait));
  }

  /**
   * On stop: waits for every in-flight insert to end, so none lands after this loop has stopped,
   * then lets every partition go (the next start resumes from the warehouse).
   *
   * @return the rows dropped
   */
  private int letEverythingGo() {
    for (var entry : inFlight.entrySet()) {
      try {
        entry.getValue().outcome();
      } catch (RuntimeException e) {
        LOG.warn("Insert of {} failed while stopping: {}", entry.getKey(), e.toString());
      }
    }
    inFlight.clear();
    int dropped = accumulator.bufferedRows();
    for (TopicPartition tp : protocol.owned()) {
      dropped += protocol.release(tp);
      accumulator.drop(tp);
    }
    return dropped;
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

  /** Looks up the resume points the protocol asks for, and seeks there. */
  private void resolveDue() {
    long now = clockMs.getAsLong();
    List<DeliveryProtocol.ResumeQuery> due = protocol.resumeQueriesDue(now);
    if (due.isEmpty()) {
      return;
    }
    Set<TopicPartition> partitions = new HashSet<>();
    due.forEach(q -> partitions.add(q.tp()));
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(partitions);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (RetriableException e) {
      for (TopicPartition tp : partitions) {
        DeliveryProtocol.Retry retry = protocol.unavailable(tp, now);
        LOG.warn("Cannot read committed offset of {}; retrying in {} ms: {}", tp, retry.delayMs(), e.toString());
      }
      return;
    }
    for (DeliveryProtocol.ResumeQuery query : due) {
      OffsetAndMetadata c = committed.get(query.tp());
      resolve(query, c == null ? OptionalLong.empty() : OptionalLong.of(c.offset()), now);
    }
  }

  private void resolve(DeliveryProtocol.ResumeQuery query, OptionalLong committed, long now) {
    TopicPartition tp = query.tp();
    TopicBinding binding = bindings.get(tp.topic());
    OptionalLong warehouseNext = OptionalLong.empty();
    try {
      long highest = writer.claim(binding.table(), tp.topic(), tp.partition(), query.epoch());
      if (highest > query.epoch()) {
        DeliveryProtocol.Retry r = protocol.claimLost(tp, now, highest);
        LOG.warn("{} is claimed by another sink instance (epoch {} above this assignment's {}): not writing it;"
            + " claiming again in {} ms unless the rebalance takes it away. If this never ends, the consumer"
            + " group was recreated with lower generations: stop every sink, drop the warehouse's fence claims"
            + " (docs/OPERATIONS.md, \"Several sink instances\"), start them again",
            tp, highest, query.epoch(), r.delayMs());
        return;
      }
      if (query.askWarehouse()) {
        warehouseNext = writer.nextOffset(binding.table(), tp.topic(), tp.partition());
      }
    } catch (WarehouseException e) {
      DeliveryProtocol.Decision decision = protocol.resumeFailed(tp, now, e);
      if (decision instanceof DeliveryProtocol.Retry r) {
        LOG.warn("ClickHouse unreachable at {}; retrying in {} ms to claim {} and find where it resumes"
            + " (attempt {}): {}", writer.describe(), r.delayMs(), tp, r.attempt(), e.getMessage());
      }
      stopIfTold(decision);
      return;
    }
    OptionalLong position = protocol.resumeFound(tp, warehouseNext, committed);
    if (position.isPresent()) {
      consumer.seek(tp, position.getAsLong());
    }
    LOG.info("Resuming {} into table {} at offset {} (warehouse next {}, committed {})", tp,
        binding.table().name(), position.isPresent() ? position.getAsLong() : "earliest",
        warehouseNext.isPresent() ? warehouseNext.getAsLong() : "none",
        committed.isPresent() ? committed.getAsLong() : "none");
  }

  private void updatePauses() {
    Set<TopicPartition> mustPause = protocol.mustPause(clockMs.getAsLong());
    Set<TopicPartition> paused = consumer.paused();
    List<TopicPartition> toPause = new ArrayList<>();
    List<TopicPartition> toResume = new ArrayList<>();
    for (TopicPartition tp : protocol.owned()) {
      boolean wait = mustPause.contains(tp);
      if (wait && !paused.contains(tp)) {
        toPause.add(tp);
      } else if (!wait && paused.contains(tp)) {
        toResume.add(tp);
      }
    }
    if (!toPause.isEmpty()) {
      consumer.pause(toPause);
    }
    if (!toResume.isEmpty()) {
      consumer.resume(toResume);
    }
  }

  /**
   * Lets partitions go. An insert of theirs still in flight is waited for first (it ends within
   * the client timeout): returning earlier would let the next owner resume from a warehouse this
   * instance is still writing to. The protocol decides whether its offset is committed.
   */
  private void forget(Collection<TopicPartition> partitions, String why, boolean revoked) {
    for (TopicPartition tp : partitions) {
      Inserts.Attempt attempt = inFlight.remove(tp);
      if (protocol.insertInFlight(tp)) {
        LOG.info("Partition {} {}; waiting for its in-flight insert to end before letting it go", tp, why);
        InsertOutcome outcome = null;
        try {
          outcome = attempt.outcome();
        } catch (RuntimeException e) {
          LOG.warn("Insert of {} failed while it was {}: {}", tp, why, e.toString());
        }
        if (outcome instanceof InsertOutcome.Failed failed) {
          LOG.warn("Insert of {} failed while {} was {} (its next owner resumes from the warehouse): {}",
              failed.batch().describe(), tp, why, failed.error().getMessage());
        }
        Optional<DeliveryProtocol.Commit> commit = outcome == null
            ? Optional.empty() : protocol.insertEndedWhileLeaving(outcome, revoked);
        commit.ifPresent(c -> commit(c.tp(), c.offset()));
      }
      boolean owned = protocol.owned().contains(tp);
      int dropped = protocol.release(tp);
      accumulator.drop(tp);
      if (owned) {
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
      assignmentReceived = true;
      if (partitions.isEmpty()) {
        publishStatus();
        return;
      }
      // the generation of this assignment: higher than any earlier assignment's of these partitions
      long epoch = consumer.groupMetadata().generationId();
      for (TopicPartition tp : partitions) {
        if (!bindings.containsKey(tp.topic())) {
          throw new IllegalStateException("assigned " + tp + " of a topic the sink does not load");
        }
        protocol.assigned(tp, epoch);
      }
      // nothing may be fetched before we know where the warehouse ends
      consumer.pause(partitions);
      resolveDue();
      updatePauses();
      publishStatus();
    }
  }
}
