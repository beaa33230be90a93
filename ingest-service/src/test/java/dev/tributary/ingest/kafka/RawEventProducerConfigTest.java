package dev.tributary.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class RawEventProducerConfigTest {

  @Test
  void shouldFixDurabilitySettingsEvenWhenOverridden() {
    Map<String, Object> props = RawEventProducerConfig.build("b:9092", Duration.ofSeconds(10), Map.of("acks", "1"));

    assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
  }

  @Test
  void shouldBoundProducerTimeoutsByProduceTimeout() {
    Map<String, Object> props = RawEventProducerConfig.build("b:9092", Duration.ofSeconds(4), Map.of());

    assertThat(props).containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "4000")
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "4000")
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3995");
  }

  @Test
  void shouldDefaultToLz4AndShortLingerButAllowOverrides() {
    Map<String, Object> props = RawEventProducerConfig.build("b:9092", Duration.ofSeconds(10), Map.of("linger.ms", "20"));

    assertThat(props).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "9980");
  }

  @Test
  void shouldProduceSettingsTheKafkaProducerAccepts() {
    Map<String, Object> props = RawEventProducerConfig.build("b:9092", Duration.ofSeconds(10), Map.of());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);

    assertThat(new ProducerConfig(props).getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(10_000);
  }
}
