package dev.tributary.ingest.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The send callback of one request's records: completes {@code done} when Kafka acknowledged all
 * {@code expected} of them, exceptionally at the first that failed.
 *
 * <p>Thread-safe (called on the producer's I/O thread).
 */
final class Acknowledgements implements Callback {

  private final AtomicInteger unacknowledged;
  private final CompletableFuture<Void> done;

  Acknowledgements(int expected, CompletableFuture<Void> done) {
    this.unacknowledged = new AtomicInteger(expected);
    this.done = done;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception error) {
    if (error != null) {
      done.completeExceptionally(error);
    } else if (unacknowledged.decrementAndGet() == 0) {
      done.complete(null);
    }
  }
}
