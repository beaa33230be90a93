package dev.tributary.bench.stage;

import dev.tributary.bench.gen.EventMix;
import dev.tributary.bench.gen.GeneratedEvent;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerializer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Pre-fills topics with events of the mix in the pipeline's own wire format (Avro via the schema
 * registry, keyed by identity), so the streams and sink stages start from a full topic and measure
 * only themselves. Not measured; stateless. A record Kafka did not take fails the fill, naming how many,
 * instead of leaving the stage to wait for events that never arrive.
 */
final class Fill {

  private Fill() {}

  /** Writes {@code n} RawEvents to {@code topic}. */
  static void raw(String bootstrap, String registryUrl, String topic, int n, long seed) {
    try (SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl, Duration.ofSeconds(10));
        AvroSerializer<RawEvent> serializer = new AvroSerializer<>(registry, false);
        KafkaProducer<String, byte[]> producer = KafkaOps.bulkProducer(bootstrap)) {
      EventMix mix = new EventMix(seed);
      Failures failures = new Failures();
      for (int i = 0; i < n; i++) {
        long now = System.currentTimeMillis();
        GeneratedEvent e = mix.next(now);
        producer.send(new ProducerRecord<>(topic, e.identity(), serializer.serialize(topic, EventMix.toRaw(e, now))),
            failures);
      }
      producer.flush();
      failures.check(topic, n);
    }
  }

  /**
   * Writes {@code n} CleanEvents to {@code topic} and hands each (with its generated event) to
   * {@code alsoEach}, which writes the same event to the reference loaders' inputs.
   */
  static void clean(String bootstrap, String registryUrl, String topic, int n, long seed, Consumer<CleanEvent> alsoEach) {
    try (SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl, Duration.ofSeconds(10));
        AvroSerializer<CleanEvent> serializer = new AvroSerializer<>(registry, false);
        KafkaProducer<String, byte[]> producer = KafkaOps.bulkProducer(bootstrap)) {
      EventMix mix = new EventMix(seed);
      Failures failures = new Failures();
      for (int i = 0; i < n; i++) {
        long now = System.currentTimeMillis();
        GeneratedEvent e = mix.next(now);
        CleanEvent clean = EventMix.toClean(e, now);
        producer.send(new ProducerRecord<>(topic, e.identity(), serializer.serialize(topic, clean)), failures);
        alsoEach.accept(clean);
      }
      producer.flush();
      failures.check(topic, n);
    }
  }

  /** Counts the sends Kafka failed and keeps the first cause. Thread-safe (the producer's I/O thread calls it). */
  static final class Failures implements Callback {
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        count.incrementAndGet();
        first.compareAndSet(null, exception);
      }
    }

    /** Throws when any send failed, naming the topic, how many of {@code n} and the first cause. */
    void check(String topic, int n) {
      int failed = count.get();
      if (failed > 0) {
        throw new IllegalStateException("pre-filling " + topic + ": Kafka did not take " + failed + " of " + n
            + " records (first: " + first.get() + "); the stage would wait for them forever. Rerun on a less"
            + " loaded machine or raise the producer's delivery.timeout.ms", first.get());
      }
    }
  }
}
