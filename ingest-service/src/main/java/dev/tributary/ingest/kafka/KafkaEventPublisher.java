package dev.tributary.ingest.kafka;

import dev.tributary.events.RawEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes accepted events to the raw topic and completes once Kafka acknowledged every one of
 * them (the producer runs with acks=all and idempotence, see {@link RawEventProducerConfig}).
 *
 * <p>{@link Producer#send} can block (metadata fetch, full buffer, first schema registration), so
 * sends run on one dedicated thread, never on the caller's event loop. A request whose deadline
 * ({@code timeout} after {@link #publish}) passed while queued is failed without sending. The queue
 * in front of that thread is bounded by {@link BoundedEventPublisher} in front of this class.
 *
 * <p>Thread-safe.
 */
public final class KafkaEventPublisher implements EventPublisher {

  private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

  private final Producer<String, RawEvent> producer;
  private final String topic;
  private final Duration timeout;
  private final ExecutorService sender;

  /**
   * @param producer owned by this publisher from now on: closed by {@link #close()}
   * @param timeout how long one request's events may take until they are all sent
   */
  public KafkaEventPublisher(Producer<String, RawEvent> producer, String topic, Duration timeout) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.sender = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ingest-kafka-send");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public CompletionStage<Void> publish(List<OutgoingEvent> events) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (events.isEmpty()) {
      done.complete(null);
      return done;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      sender.execute(new SendTask(events, done, deadline));
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("the publisher is closed", e));
    }
    return done;
  }

  private void sendAll(List<OutgoingEvent> events, CompletableFuture<Void> done, long deadline) {
    Acknowledgements acknowledgements = new Acknowledgements(events.size(), done);
    for (OutgoingEvent event : events) {
      if (done.isDone()) {
        return; // an earlier send of this request already failed; the client retries all of it
      }
      if (System.nanoTime() - deadline > 0) {
        done.completeExceptionally(new TimeoutException(
            "events waited longer than " + timeout.toMillis() + " ms to be sent (ingest.produce.timeout.ms)"));
        return;
      }
      try {
        // the record timestamp is received_at, so a record the transform stage cannot decode still
        // falls into the audit ledger's minute of its receipt (docs/AUDIT.md)
        long receivedAt = event.value().getReceivedAt().toEpochMilli();
        producer.send(new ProducerRecord<>(topic, null, receivedAt, event.key(), event.value()), acknowledgements);
      } catch (RuntimeException e) {
        // serialization (e.g. registry down), max.block.ms exceeded, producer closed...
        done.completeExceptionally(e);
        return;
      }
    }
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Sends to {} still queued after {} ms at shutdown; their requests are answered 503", topic,
            timeout.toMillis());
        failUnsent(sender.shutdownNow());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failUnsent(sender.shutdownNow());
    }
    producer.close(timeout);
  }

  private static void failUnsent(List<Runnable> unsent) {
    for (Runnable r : unsent) {
      if (r instanceof SendTask task) {
        task.done.completeExceptionally(new IllegalStateException("the publisher closed before sending"));
      }
    }
  }

  private final class SendTask implements Runnable {
    private final List<OutgoingEvent> events;
    private final CompletableFuture<Void> done;
    private final long deadline;

    SendTask(List<OutgoingEvent> events, CompletableFuture<Void> done, long deadline) {
      this.events = events;
      this.done = done;
      this.deadline = deadline;
    }

    @Override
    public void run() {
      sendAll(events, done, deadline);
    }
  }
}
