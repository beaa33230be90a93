package dev.tributary.streams.config;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.streams.state.BoundedRocksDbMemory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  @Test
  void shouldUseDocumentedDefaults() {
    StreamsSettings s = StreamsSettings.load(Map.of(), Map.of());
    assertThat(s.applicationId()).isEqualTo("tributary-transform");
    assertThat(s.topics().of(Datasets.RAW)).isEqualTo("events.raw");
    assertThat(s.topics().of(Datasets.METRICS_MINUTE)).isEqualTo("metrics.minute");
    assertThat(s.commitInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(s.metricsGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.metricsProvisionalInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.clockSkewTolerance()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.numStreamThreads()).isEqualTo(1);
    assertThat(s.dedupeWindow()).isEqualTo(Duration.ofDays(1));
    assertThat(s.stateDir().toString()).startsWith(System.getProperty("java.io.tmpdir"));
  }

  @Test
  void shouldReadKeysFromTheEnvironment() {
    StreamsSettings s = StreamsSettings.load(Map.of("METRICS_GRACE_MS", "5000", "TOPIC_CLEAN", "c"), Map.of());
    assertThat(s.metricsGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.topics().of(Datasets.CLEAN)).isEqualTo("c");
  }

  @Test
  void shouldThreadTheDedupeWindowThroughToTheTopology() {
    StreamsSettings s = StreamsSettings.load(Map.of("DEDUPE_WINDOW_MS", "3600000"), Map.of());
    assertThat(s.topologySettings().dedupeWindow()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void shouldAlwaysBuildTheTopologyWithDedupe() {
    StreamsSettings s = StreamsSettings.load(Map.of("DEDUPE_ENABLED", "false"), Map.of());
    assertThat(s.topologySettings().dedupeEnabled()).isTrue();
    assertThat(StreamsSettings.definition().names()).doesNotContain("dedupe.enabled");
  }

  @Test
  void shouldRefuseAnEmptyDedupeWindow() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of(), Map.of("dedupe.window.ms", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dedupe.window.ms");
  }

  @Test
  void shouldRefuseADedupeWindowOutsideAMinuteToNinetyDaysSayingWhy() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of("DEDUPE_WINDOW_MS", "59999"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dedupe.window.ms")
        .hasMessageContaining("must be between 60000 (1 minute) and 7776000000 (90 days)");
    assertThatThrownBy(() -> StreamsSettings.load(Map.of("DEDUPE_WINDOW_MS", "7776000001"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a restore of it grow without end");
  }

  @Test
  void shouldKeepOneStandbyAndSixHoursOfDedupeChangelogBeyondTheWindowByDefault() {
    Map<String, Object> c = StreamsSettings.load(Map.of(), Map.of()).streamsConfig();
    assertThat(c).containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
        .containsEntry(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG, 21_600_000L);
  }

  @Test
  void shouldSetStandbysAndTheChangelogExtraRetentionThroughTheirTypedKeys() {
    Map<String, Object> c = StreamsSettings.load(Map.of("NUM_STANDBY_REPLICAS", "0",
        "DEDUPE_CHANGELOG_EXTRA_RETENTION_MS", "3600000"), Map.of()).streamsConfig();
    assertThat(c).containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0)
        .containsEntry(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG, 3_600_000L);
    assertThatThrownBy(() -> StreamsSettings.load(Map.of("STREAMS_NUM_STANDBY_REPLICAS", "2"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("overrides the typed key num.standby.replicas");
  }

  @Test
  void shouldRefuseAChangelogExtraRetentionBeyondAWeek() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of("DEDUPE_CHANGELOG_EXTRA_RETENTION_MS", "604800001"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dedupe.changelog.extra.retention.ms");
  }

  @Test
  void shouldBoundEveryRocksDbStoreToOneBudgetWhenOneIsSet() {
    Map<String, Object> c = StreamsSettings.load(Map.of("ROCKSDB_MEMORY_BYTES", "67108864"), Map.of()).streamsConfig();
    assertThat(c).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class)
        .containsEntry(BoundedRocksDbMemory.BUDGET_CONFIG, 64L * 1024 * 1024);
  }

  @Test
  void shouldLeaveKafkaStreamsPerStoreDefaultsByDefault() {
    // a 64 MiB budget cost 33 % more CPU per event in the bench: off unless an operator trades CPU for memory
    Map<String, Object> c = StreamsSettings.load(Map.of(), Map.of()).streamsConfig();
    assertThat(c).doesNotContainKeys(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.BUDGET_CONFIG);
  }

  @Test
  void shouldRefuseARocksDbBudgetTooSmallForTheIndexesSayingTheBounds() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of("ROCKSDB_MEMORY_BYTES", "1048576"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rocksdb.memory.bytes")
        .hasMessageContaining("8388608");
  }

  @Test
  void shouldLetAConfigSetterOfTheUsersOwnReplaceTheBound() {
    Map<String, Object> c = StreamsSettings.load(Map.of("STREAMS_ROCKSDB_CONFIG_SETTER", "com.example.MySetter"), Map.of())
        .streamsConfig();
    assertThat(c).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.MySetter");
  }

  @Test
  void shouldRunExactlyOnceWithExplicitNaming() {
    Map<String, Object> c = StreamsSettings.load(Map.of(), Map.of()).streamsConfig();
    assertThat(c).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true")
        .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
            "org.apache.kafka.streams.errors.DefaultProductionExceptionHandler");
  }

  @Test
  void shouldPassStreamsPrefixedKeysThroughToKafkaStreams() {
    Map<String, Object> c = StreamsSettings.load(Map.of("STREAMS_POLL_MS", "10"), Map.of()).streamsConfig();
    assertThat(c).containsEntry("poll.ms", "10");
  }

  @Test
  void shouldRefuseAnOverrideThatWeakensTheProcessingGuarantee() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of(), Map.of("streams.processing.guarantee", "at_least_once")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.processing.guarantee");
  }

  @Test
  void shouldRefuseAnOverrideOfATypedKey() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of("STREAMS_APPLICATION_ID", "other"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.application.id: overrides the typed key application.id");
  }

  @Test
  void shouldRefuseGuaranteeCarryingSettingsOfEmbeddedClients() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of(),
        Map.of("streams.producer.acks", "1", "streams.main.consumer.isolation.level", "read_uncommitted")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.producer.acks: may not be overridden")
        .hasMessageContaining("streams.main.consumer.isolation.level: may not be overridden");
  }

  @Test
  void shouldReportEveryInvalidKeyAtOnce() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of(), Map.of("topic.partitions", "0", "metrics.grace.ms", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topic.partitions")
        .hasMessageContaining("metrics.grace.ms");
  }
}
