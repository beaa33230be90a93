package dev.tributary.sink.kafka;

import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.batching.WarehouseWriter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs INSERT attempts off the consume thread, so polling, decoding and encoding overlap with the
 * server's work. It only executes what {@link DeliveryProtocol} decided ({@link
 * DeliveryProtocol.Insert}); the protocol keeps the rules (at most one attempt per Kafka partition
 * in flight, batches in offset order, commit after success, wait for a revoked partition's attempt).
 * An attempt the protocol marks {@code askWarehouseFirst} (the previous one failed and may have
 * landed) first asks the warehouse how far the partition got and inserts only the rest, then has the
 * warehouse refill what it derives from the batch ({@link WarehouseWriter#refillDerivedOf}).
 *
 * <p>Thread-safe. The pool is small and bounded (the consume thread is the producer of batches and
 * the server the bottleneck); it is owned and shut down here unless an executor was given.
 */
final class Inserts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Inserts.class);

  /** Concurrent INSERTs (of different partitions) by default. */
  static final int DEFAULT_THREADS = 2;

  private final WarehouseWriter writer;
  private final Executor executor;
  private final ExecutorService ownedPool;
  private final Object completions = new Object();
  private long completed;

  /** With a pool of {@link #DEFAULT_THREADS} daemon threads, shut down by {@link #close()}. */
  Inserts(WarehouseWriter writer) {
    this(writer, newPool(DEFAULT_THREADS), true);
  }

  /** With {@code executor}, which the caller owns (tests use a direct one for determinism). */
  Inserts(WarehouseWriter writer, Executor executor) {
    this(writer, executor, false);
  }

  private Inserts(WarehouseWriter writer, Executor executor, boolean owned) {
    this.writer = writer;
    this.executor = executor;
    this.ownedPool = owned ? (ExecutorService) executor : null;
  }

  private static ExecutorService newPool(int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "warehouse-sink-insert-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the insert; its outcome is read from the returned attempt. */
  Attempt submit(DeliveryProtocol.Insert insert) {
    Attempt attempt = new Attempt(() -> write(insert));
    executor.execute(attempt);
    return attempt;
  }

  /** A counter of finished attempts, to pass to {@link #awaitCompletionAfter}. */
  long completions() {
    synchronized (completions) {
      return completed;
    }
  }

  /** Waits until an attempt finishes after {@code seen} was read, {@link #wake()} or the timeout. */
  void awaitCompletionAfter(long seen, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (completions) {
      long left;
      while (completed == seen && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(completions, left);
      }
    }
  }

  /** Ends a pending {@link #awaitCompletionAfter} early (on stop). */
  void wake() {
    signal();
  }

  private void signal() {
    synchronized (completions) {
      completed++;
      completions.notifyAll();
    }
  }

  private InsertOutcome write(DeliveryProtocol.Insert insert) {
    Batch batch = insert.batch();
    try {
      Optional<Batch> toWrite = Optional.of(batch);
      if (insert.askWarehouseFirst()) {
        TopicPartition tp = batch.source();
        OptionalLong next = writer.nextOffset(batch.table(), tp.topic(), tp.partition());
        toWrite = DeliveryProtocol.remainder(batch, next);
        if (toWrite.isEmpty() || toWrite.get().size() != batch.size()) {
          LOG.info("Warehouse already holds {} up to offset {}; writing only the rest",
              batch.describe(), next.getAsLong() - 1);
        }
      }
      if (toWrite.isPresent()) {
        writer.insert(toWrite.get(), insert.epoch());
      }
      if (insert.askWarehouseFirst()) {
        // the failed attempt may be in the table and missing from its materialized views
        writer.refillDerivedOf(batch);
      }
      return new InsertOutcome.Written(batch);
    } catch (WarehouseException e) {
      return new InsertOutcome.Failed(batch, e);
    }
  }

  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.shutdown();
    }
  }

  /** One INSERT attempt; its outcome is read on the consume thread. */
  final class Attempt extends FutureTask<InsertOutcome> {

    Attempt(java.util.concurrent.Callable<InsertOutcome> write) {
      super(write);
    }

    @Override
    protected void done() {
      signal();
    }

    /**
     * The outcome, waiting for it if needed. Anything but a {@link WarehouseException} (a bug, or a
     * test's simulated kill) is rethrown as is.
     */
    InsertOutcome outcome() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return get();
          } catch (InterruptedException e) {
            // the attempt must end before the caller goes on (no write after revocation)
            interrupted = true;
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
              throw r;
            }
            if (cause instanceof Error err) {
              throw err;
            }
            throw new IllegalStateException(cause);
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
