package dev.tributary.ingest.kafka;

import dev.tributary.events.AuditCount;
import dev.tributary.ingest.audit.RejectionLedger;
import dev.tributary.ingest.audit.Rejections;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a request's rejections to the audit topic ({@code audit.counts}) as
 * {@link AuditCount} deltas with an idempotent, acks=all producer, and completes once Kafka
 * acknowledged all of them. The record timestamp is the received time, like the raw events'.
 *
 * <p>{@link Producer#send} can block (metadata, full buffer, first schema registration), so sends run
 * on one dedicated thread, never on the event loop.
 *
 * <p>Thread-safe.
 */
public final class KafkaRejectionLedger implements RejectionLedger {

  private final Producer<String, AuditCount> producer;
  private final String topic;
  private final String reporter;
  private final Duration timeout;
  private final ExecutorService sender;

  /**
   * @param producer owned by this ledger from now on: closed by {@link #close()}
   * @param reporter the {@code reporter} of the rows: which ingest instance refused
   * @param timeout how long {@link #close()} waits for queued sends
   */
  public KafkaRejectionLedger(Producer<String, AuditCount> producer, String topic, String reporter,
      Duration timeout) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.sender = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ingest-audit-send");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public CompletionStage<Void> record(Rejections rejections) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<AuditCount> counts = rejections.counts(reporter);
    try {
      sender.execute(() -> send(counts, rejections.receivedAt().toEpochMilli(), done));
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("the audit ledger is closed", e));
    }
    return done;
  }

  private void send(List<AuditCount> counts, long receivedAt, CompletableFuture<Void> done) {
    Acknowledgements acknowledgements = new Acknowledgements(counts.size(), done);
    for (AuditCount count : counts) {
      try {
        producer.send(new ProducerRecord<>(topic, null, receivedAt, Rejections.key(count), count), acknowledgements);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
        return;
      }
    }
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(timeout);
  }
}
