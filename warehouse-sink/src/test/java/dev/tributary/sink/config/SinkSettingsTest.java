package dev.tributary.sink.config;

import dev.tributary.common.catalogue.Datasets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.config.LayeredConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {

  @Test
  void shouldUseDocumentedDefaults() {
    SinkSettings s = SinkSettings.of(Map.of());

    assertThat(s.groupId()).isEqualTo("tributary-warehouse-sink");
    assertThat(s.batchRows()).isEqualTo(50_000);
    assertThat(s.batchMaxAge()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.clickhouseUrl()).isEqualTo("http://localhost:8123");
    assertThat(s.clickhouseUser()).isEqualTo("default");
    assertThat(s.clickhouseDatabase()).isEqualTo("tributary");
    // every dataset the sink loads, under its catalogue default name
    assertThat(s.topics().all()).containsExactlyElementsOf(
        Datasets.loaded().stream().map(d -> d.topic().defaultName()).toList());
    assertThat(s.topics().all()).startsWith("events.clean", "events.dlq");
  }

  @Test
  void shouldReadEnvironmentAndPassConsumerSettingsThrough() {
    LayeredConfig config = LayeredConfig.load(SinkSettings.definition(),
        Map.of("SINK_BATCH_ROWS", "1000", "KAFKA_CONSUMER_MAX_POLL_RECORDS", "2000"), Map.of());

    SinkSettings s = SinkSettings.from(config);

    assertThat(s.batchRows()).isEqualTo(1000);
    assertThat(s.consumerConfig()).containsEntry("max.poll.records", "2000")
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "tributary-warehouse-sink")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
  }

  @Test
  void shouldRefuseOverrideThatBreaksExactlyOnce() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of("kafka.consumer.enable.auto.commit", "true")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exactly-once");
  }

  @Test
  void shouldRefuseOverrideOfATypedKey() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of("kafka.consumer.group.id", "other")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.consumer.group.id: overrides the typed key sink.group.id");
  }

  @Test
  void shouldRefuseDeserializerOverrideAndBadKeyTogether() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of("kafka.consumer.value.deserializer", "x.Y", "sink.batch.rows", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.consumer.value.deserializer: may not be overridden")
        .hasMessageContaining("sink.batch.rows");
  }

  @Test
  void shouldRefuseBatchTooBigForOneAtomicInsert() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of("sink.batch.rows", "2000000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sink.batch.rows");
  }

  @Test
  void shouldReportEveryInvalidKeyAtOnce() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of("sink.batch.rows", "0", "sink.poll.ms", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sink.batch.rows")
        .hasMessageContaining("sink.poll.ms");
  }

  @Test
  void shouldNeverShowPassword() {
    LayeredConfig config = LayeredConfig.load(SinkSettings.definition(), Map.of(),
        Map.of("clickhouse.password", "s3cret"));

    assertThat(SinkSettings.from(config).toString()).doesNotContain("s3cret");
    assertThat(config.describe()).doesNotContain("s3cret").contains("clickhouse.password = [hidden]");
    assertThat(SinkSettings.from(config).clickhousePassword().value()).isEqualTo("s3cret");
  }
}
