package dev.tributary.bench.stage;

import dev.tributary.bench.gen.EventMix;
import dev.tributary.bench.gen.GeneratedEvent;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerializer;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Pre-fills topics with events of the mix in the pipeline's own wire format (Avro via the schema
 * registry, keyed by identity), so the streams and sink stages start from a full topic and measure
 * only themselves. Not measured; stateless.
 */
final class Fill {

  private Fill() {}

  /** Writes {@code n} RawEvents to {@code topic}. */
  static void raw(String bootstrap, String registryUrl, String topic, int n, long seed) {
    try (SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl, Duration.ofSeconds(10));
        AvroSerializer<RawEvent> serializer = new AvroSerializer<>(registry, false);
        KafkaProducer<String, byte[]> producer = KafkaOps.bulkProducer(bootstrap)) {
      EventMix mix = new EventMix(seed);
      for (int i = 0; i < n; i++) {
        long now = System.currentTimeMillis();
        GeneratedEvent e = mix.next(now);
        producer.send(new ProducerRecord<>(topic, e.identity(), serializer.serialize(topic, EventMix.toRaw(e, now))));
      }
      producer.flush();
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
      for (int i = 0; i < n; i++) {
        long now = System.currentTimeMillis();
        GeneratedEvent e = mix.next(now);
        CleanEvent clean = EventMix.toClean(e, now);
        producer.send(new ProducerRecord<>(topic, e.identity(), serializer.serialize(topic, clean)));
        alsoEach.accept(clean);
      }
      producer.flush();
    }
  }
}
