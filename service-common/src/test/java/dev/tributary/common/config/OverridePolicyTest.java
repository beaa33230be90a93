package dev.tributary.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class OverridePolicyTest {

  private static final OverridePolicy PRODUCER = OverridePolicy.forPrefix("kafka.producer.")
      .typed("bootstrap.servers", "kafka.bootstrap.servers")
      .fixed("acks", "all", "a 2xx answer promises the event is stored")
      .fixed("transactional.id", null, "the producer is not transactional")
      .build();

  private static final OverridePolicy STREAMS = OverridePolicy.forPrefix("streams.")
      .typed("bootstrap.servers", "kafka.bootstrap.servers")
      .fixed("isolation.level", "read_committed", "exactly-once reads committed data only")
      .nestedClients("consumer.", "main.consumer.", "producer.")
      .build();

  @Test
  void shouldAllowTuningSettings() {
    assertThat(PRODUCER.violations(Map.of("linger.ms", "20", "batch.size", "65536"))).isEmpty();
  }

  @Test
  void shouldRejectOverrideOfATypedKeyNamingBothKeys() {
    assertThat(PRODUCER.violations(Map.of("bootstrap.servers", "other:9092"))).singleElement().asString()
        .startsWith("kafka.producer.bootstrap.servers: overrides the typed key kafka.bootstrap.servers")
        .contains("KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldRejectGuaranteeCarryingSettingEvenWithItsFixedValue() {
    assertThat(PRODUCER.violations(Map.of("acks", "all"))).singleElement().asString()
        .startsWith("kafka.producer.acks: may not be overridden (fixed to all")
        .contains("a 2xx answer promises the event is stored");
  }

  @Test
  void shouldRejectSettingThatMustStayUnset() {
    assertThat(PRODUCER.violations(Map.of("transactional.id", "t"))).singleElement().asString()
        .contains("kafka.producer.transactional.id: may not be overridden (left unset");
  }

  @Test
  void shouldApplyTheRulesUnderNestedClientPrefixes() {
    assertThat(STREAMS.violations(Map.of("main.consumer.isolation.level", "read_uncommitted",
        "producer.bootstrap.servers", "x:1", "consumer.max.poll.records", "10")))
        .containsExactly(
            "streams.main.consumer.isolation.level: may not be overridden (fixed to read_committed by the service:"
                + " exactly-once reads committed data only); remove streams.main.consumer.isolation.level",
            "streams.producer.bootstrap.servers: overrides the typed key kafka.bootstrap.servers; set"
                + " kafka.bootstrap.servers (env KAFKA_BOOTSTRAP_SERVERS) instead and remove streams.producer.bootstrap.servers");
  }

  @Test
  void shouldReportEveryViolationInOneException() {
    assertThatThrownBy(() -> PRODUCER.check(Map.of("acks", "1", "bootstrap.servers", "x:1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid configuration (2 problems)")
        .hasMessageContaining("kafka.producer.acks")
        .hasMessageContaining("kafka.producer.bootstrap.servers");
  }

  @Test
  void shouldReportForbiddenOverridesTogetherWithInvalidTypedKeys() {
    ConfigDef def = new ConfigDef()
        .define("kafka.bootstrap.servers", Type.STRING, "localhost:9092", Importance.HIGH, "Kafka.")
        .define("sink.batch.rows", Type.INT, 10, Range.atLeast(1), Importance.HIGH, "Rows.");

    assertThatThrownBy(() -> LayeredConfig.load(def, Map.of("KAFKA_PRODUCER_ACKS", "1"),
        Map.of("sink.batch.rows", "0"), PRODUCER))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid configuration (2 problems)")
        .hasMessageContaining("sink.batch.rows")
        .hasMessageContaining("kafka.producer.acks");
  }
}
