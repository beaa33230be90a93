package dev.tributary.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaFixtureIT {

  @Test
  void shouldDeliverAProducedRecordToAConsumer() throws Exception {
    TestKafka.createTopics(3, "fixture.roundtrip");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("fixture.roundtrip", "u1", "hello")).get(30, TimeUnit.SECONDS);
    }

    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "fixture-it",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("fixture.roundtrip"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }

    assertThat(received).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("u1");
      assertThat(r.value().getBytes(StandardCharsets.UTF_8)).asString().isEqualTo("hello");
    });
  }

  @Test
  void shouldCreateTopicsIdempotentlyWithTheRequestedPartitions() throws Exception {
    TestKafka.createTopics(3, "fixture.idempotent");
    TestKafka.createTopics(3, "fixture.idempotent");

    try (Admin admin = TestKafka.admin()) {
      int partitions = admin.describeTopics(List.of("fixture.idempotent")).allTopicNames().get(30, TimeUnit.SECONDS)
          .get("fixture.idempotent").partitions().size();
      assertThat(partitions).isEqualTo(3);
    }
  }
}
