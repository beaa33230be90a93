package dev.tributary.ingest.app;

import static org.awaitility.Awaitility.await;

import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.avro.specific.SpecificRecord;

/** Reads a topic (by default the raw topic) from the beginning with a read_committed consumer, for ITs. */
final class RawTopicReader {

  private RawTopicReader() {}

  /** Polls until {@code done} holds for what was read (or fails after {@code atMost}); returns every record read. */
  static List<ConsumerRecord<String, RawEvent>> readUntil(String bootstrapServers, String registryUrl, String topic,
      Duration atMost, Predicate<List<ConsumerRecord<String, RawEvent>>> done) {
    return readUntil(bootstrapServers, registryUrl, topic, RawEvent.class, atMost, done);
  }

  /** Like {@link #readUntil(String, String, String, Duration, Predicate)} for a topic of another contract. */
  static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readUntil(String bootstrapServers,
      String registryUrl, String topic, Class<V> contract, Duration atMost, Predicate<List<ConsumerRecord<String, V>>> done) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl, Duration.ofSeconds(5));
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
            new AvroDeserializer<>(registry, contract))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(atMost).pollInterval(Duration.ofMillis(10)).until(() -> {
        consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        return done.test(records);
      });
    }
    return records;
  }
}
