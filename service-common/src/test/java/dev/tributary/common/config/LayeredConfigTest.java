package dev.tributary.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {

  private static final ConfigDef DEF = new ConfigDef()
      .define("sink.batch.rows", Type.INT, 1000, Range.atLeast(1), Importance.HIGH, "Rows per batch.")
      .define("sink.name", Type.STRING, "sink", Importance.LOW, "Name.")
      .define("clickhouse.password", Type.PASSWORD, "", Importance.LOW, "Password.")
      .define("required.key", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Must be set.");

  @Test
  void shouldLayerDefaultsFileEnvironmentAndOverrides(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "sink.batch.rows=10\nsink.name=from-file\nrequired.key=x\n");

    LayeredConfig config = LayeredConfig.load(DEF,
        Map.of(LayeredConfig.CONFIG_FILE_ENV, file.toString(), "SINK_BATCH_ROWS", "20"),
        Map.of());

    assertThat(config.values().getInt("sink.batch.rows")).isEqualTo(20);
    assertThat(config.values().getString("sink.name")).isEqualTo("from-file");
    assertThat(LayeredConfig.load(DEF, Map.of("SINK_BATCH_ROWS", "20"), Map.of("sink.batch.rows", "30", "required.key", "x"))
        .values().getInt("sink.batch.rows")).isEqualTo(30);
  }

  @Test
  void shouldReportEveryInvalidKeyAtOnce() {
    assertThatThrownBy(() -> LayeredConfig.load(DEF, Map.of("SINK_BATCH_ROWS", "0"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining("sink.batch.rows (env SINK_BATCH_ROWS)")
        .hasMessageContaining("required.key: missing; set it or REQUIRED_KEY");
  }

  @Test
  void shouldPassThroughPrefixedClientSettings() {
    LayeredConfig config = LayeredConfig.load(DEF,
        Map.of("KAFKA_PRODUCER_LINGER_MS", "5"), Map.of("required.key", "x", "kafka.producer.batch.size", "65536"));

    assertThat(config.withPrefix("kafka.producer.")).containsEntry("linger.ms", "5").containsEntry("batch.size", "65536");
  }

  @Test
  void shouldMaskPasswordsWhenDescribing() {
    LayeredConfig config = LayeredConfig.load(DEF, Map.of("CLICKHOUSE_PASSWORD", "s3cret"), Map.of("required.key", "x"));

    assertThat(config.describe()).contains("clickhouse.password = [hidden]").doesNotContain("s3cret");
  }
}
