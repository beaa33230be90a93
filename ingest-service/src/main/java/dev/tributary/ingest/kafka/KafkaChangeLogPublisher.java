package dev.tributary.ingest.kafka;

import dev.tributary.events.ExperimentChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes the experiments change log to its topic with an idempotent, acks=all producer, keyed by experiment
 * key so the changes of one experiment stay in order.
 *
 * <p>Thread-safe (the Kafka producer is).
 */
public final class KafkaChangeLogPublisher implements ChangeLogPublisher {

  private final Producer<String, ExperimentChange> producer;
  private final String topic;
  private final Duration timeout;

  public KafkaChangeLogPublisher(Producer<String, ExperimentChange> producer, String topic, Duration timeout) {
    this.producer = producer;
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public void publish(List<ExperimentChange> records) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    for (ExperimentChange r : records) {
      sent.add(producer.send(new ProducerRecord<>(topic, r.getExperimentKey(), r)));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Future<RecordMetadata> f : sent) {
      f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
