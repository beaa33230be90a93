package dev.tributary.localstack.dlq;

import dev.tributary.events.DeadLetterReplay;
import dev.tributary.events.RawEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The replay target over Kafka: one transaction per batch holds the raw records sent back to the raw
 * topic and one {@link DeadLetterReplay} per dead letter on the replays topic (compacted, keyed by
 * the dead letter's origin). What is committed is exactly what was replayed; an interrupted
 * transaction is aborted by the next run's {@code initTransactions} (same {@code transactional.id}),
 * which also fences a run still alive elsewhere, and only then are the committed replay records read
 * ({@code read_committed}).
 *
 * <p>Not thread-safe.
 */
public final class KafkaReplayTarget implements ReplayTarget {

  /** The transactional id every replay run uses, so a run fences and cleans up after the previous one. */
  public static final String TRANSACTIONAL_ID = "tributary-dlq-replay";

  private final String bootstrapServers;
  private final String rawTopic;
  private final String replaysTopic;
  private final Serializer<RawEvent> rawEvents;
  private final Serializer<DeadLetterReplay> replays;
  private final KafkaProducer<byte[], byte[]> producer;

  public KafkaReplayTarget(String bootstrapServers, String rawTopic, String replaysTopic,
      Serializer<RawEvent> rawEvents, Serializer<DeadLetterReplay> replays) {
    this.bootstrapServers = bootstrapServers;
    this.rawTopic = rawTopic;
    this.replaysTopic = replaysTopic;
    this.rawEvents = rawEvents;
    this.replays = replays;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.CLIENT_ID_CONFIG, "tributary-dlq-replay"),
        new ByteArraySerializer(), new ByteArraySerializer());
    producer.initTransactions();
  }

  @Override
  public Set<DeadLetterOrigin> alreadyReplayed() {
    Set<DeadLetterOrigin> done = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "tributary-dlq-replay-reader"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(replaysTopic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException("could not read " + replaysTopic + " to its end within 2 minutes");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null) {
            done.add(origin(r.key()));
          }
        }
      }
    }
    return done;
  }

  @Override
  public void send(List<DeadLetterToReplay> batch, String replayId, Instant at) {
    producer.beginTransaction();
    try {
      for (DeadLetterToReplay d : batch) {
        producer.send(new ProducerRecord<>(rawTopic, null, at.toEpochMilli(), d.rawKey(), value(d)));
        DeadLetterReplay record = ReplayRecords.replay(d, replayId, at, rawTopic);
        producer.send(new ProducerRecord<>(replaysTopic, null, at.toEpochMilli(),
            d.origin().key().getBytes(java.nio.charset.StandardCharsets.UTF_8), replays.serialize(replaysTopic, record)));
      }
      producer.commitTransaction();
    } catch (RuntimeException e) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      throw e;
    }
  }

  private byte[] value(DeadLetterToReplay d) {
    return d.decoded() ? rawEvents.serialize(rawTopic, ReplayRecords.rawEvent(d)) : d.rawPayload();
  }

  static DeadLetterOrigin origin(String key) {
    int at = key.lastIndexOf('@');
    int dash = key.lastIndexOf('-', at);
    if (at < 0 || dash < 0) {
      throw new IllegalStateException("not a dead-letter origin key: " + key);
    }
    return new DeadLetterOrigin(key.substring(0, dash), Integer.parseInt(key.substring(dash + 1, at)),
        Long.parseLong(key.substring(at + 1)));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
