package dev.tributary.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.config.LayeredConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {

  @Test
  void shouldApplyDocumentedDefaults() {
    IngestSettings s = load(Map.of(), Map.of("ingest.write.keys", "k:src"));

    assertThat(s.httpHost()).isEqualTo("0.0.0.0");
    assertThat(s.httpPort()).isEqualTo(8080);
    assertThat(s.maxEventBytes()).isEqualTo(32_768);
    assertThat(s.maxBatchBytes()).isEqualTo(512_000);
    assertThat(s.maxFuture()).isEqualTo(Duration.ofDays(1));
    assertThat(s.maxPast()).isEqualTo(Duration.ofDays(365));
    assertThat(s.maxInFlightEvents()).isEqualTo(100_000);
    assertThat(s.maxInFlightBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(s.maxDepth()).isEqualTo(32);
    assertThat(s.rateLimitEventsPerSecond()).isEqualTo(20_000.0);
    assertThat(s.readinessTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.produceTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.topicRaw()).isEqualTo("events.raw");
    assertThat(s.topicPartitions()).isEqualTo(3);
    assertThat(s.topicReplicationFactor()).isEqualTo((short) 1);
  }

  @Test
  void shouldReadKeysFromEnvironment() {
    IngestSettings s = load(Map.of("INGEST_WRITE_KEYS", "k:src", "HTTP_PORT", "0"), Map.of());

    assertThat(s.httpPort()).isZero();
    assertThat(s.writeKeys().sourceOf("k")).contains("src");
  }

  @Test
  void shouldRequireWriteKeys() {
    assertThatThrownBy(() -> load(Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.write.keys");
  }

  @Test
  void shouldRejectMalformedWriteKeysWithoutEchoingThem() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("ingest.write.keys", "top-secret")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.write.keys")
        .hasMessageNotContaining("top-secret");
  }

  @Test
  void shouldPassProducerSettingsThroughByPrefix() {
    IngestSettings s = load(Map.of(), Map.of("ingest.write.keys", "k:src", "kafka.producer.batch.size", "65536"));

    assertThat(s.producerOverrides()).containsEntry("batch.size", "65536");
  }

  @Test
  void shouldRejectOverrideOfADurabilitySetting() {
    assertThatThrownBy(() -> IngestSettings.load(Map.of("KAFKA_PRODUCER_ACKS", "1"), Map.of("ingest.write.keys", "k:src")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.producer.acks: may not be overridden");
  }

  @Test
  void shouldRejectOverrideOfATypedKeyAndReportItWithOtherErrors() {
    assertThatThrownBy(() -> IngestSettings.load(Map.of(), Map.of(
        "kafka.producer.delivery.timeout.ms", "120000", "ingest.write.keys", "k:src", "http.port", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.producer.delivery.timeout.ms: overrides the typed key ingest.produce.timeout.ms")
        .hasMessageContaining("http.port");
  }

  @Test
  void shouldRejectForbiddenOverrideEvenWhenLoadedWithoutThePolicy() {
    LayeredConfig config = LayeredConfig.load(IngestSettings.definition(), Map.of(),
        Map.of("ingest.write.keys", "k:src", "kafka.producer.enable.idempotence", "false"));

    assertThatThrownBy(() -> IngestSettings.from(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.producer.enable.idempotence");
  }

  @Test
  void shouldHideWriteKeysInToStringAndConfigDescription() {
    Map<String, String> overrides = Map.of("ingest.write.keys", "top-secret:src");
    LayeredConfig config = LayeredConfig.load(IngestSettings.definition(), Map.of(), overrides);

    assertThat(IngestSettings.from(config).toString()).doesNotContain("top-secret");
    assertThat(config.describe()).doesNotContain("top-secret");
  }

  private static IngestSettings load(Map<String, String> env, Map<String, String> overrides) {
    return IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), env, overrides));
  }
}
