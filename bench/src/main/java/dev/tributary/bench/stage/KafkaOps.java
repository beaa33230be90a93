package dev.tributary.bench.stage;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka calls the stages make around the system under test: a fast bulk producer for pre-filled
 * topics, end offsets, a consumer group's committed offsets, and an exact count of committed records.
 * Stateless and thread-safe (each call opens and closes its own client).
 */
final class KafkaOps {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaOps() {}

  /** A producer tuned for filling topics quickly (the fill is not what is measured). */
  static KafkaProducer<String, byte[]> bulkProducer(String bootstrap) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    return new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
  }

  static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /** Sum of the end offsets of {@code topic}'s partitions. */
  static long endOffsetSum(Admin admin, String topic) {
    return get(admin.listOffsets(partitions(admin, topic).stream()
        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all())
        .values().stream().mapToLong(r -> r.offset()).sum();
  }

  /** Sum of the group's committed offsets on {@code topic} (0 for partitions without a commit). */
  static long committedSum(Admin admin, String group, String topic) {
    Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  /** Sets a (not yet active) group's offsets on every partition of {@code topic} to the beginning. */
  static void resetGroupToEarliest(Admin admin, String group, String topic) {
    Map<TopicPartition, OffsetAndMetadata> offsets = partitions(admin, topic).stream()
        .collect(Collectors.toMap(tp -> tp, tp -> new OffsetAndMetadata(0)));
    get(admin.alterConsumerGroupOffsets(group, offsets).all());
  }

  static List<TopicPartition> partitions(Admin admin, String topic) {
    return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  /** Records a read_committed consumer sees in {@code topic} (what downstream stages get). */
  static long countCommitted(String bootstrap, String topic) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, TIMEOUT).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
      long count = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within 5 minutes");
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        count += records.count();
      }
      return count;
    }
  }

  static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().toString(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s", e);
    }
  }
}
