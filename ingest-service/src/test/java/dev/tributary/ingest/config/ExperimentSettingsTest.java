package dev.tributary.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.config.LayeredConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSettingsTest {

  private static final String VALID = """
      experiments:
        - key: k
          status: draft
          coverage: 0.05
          variants: [{id: a, weight: 0.5}, {id: b, weight: 0.5}]
      """;

  @TempDir
  Path dir;

  private static IngestSettings load(Map<String, String> extra) {
    Map<String, String> config = new java.util.HashMap<>(Map.of("ingest.write.keys", "k:src"));
    config.putAll(extra);
    return IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), config));
  }

  @Test
  void shouldHaveNoExperimentsByDefault() {
    IngestSettings s = load(Map.of());
    assertThat(s.experiments().definitionsFile()).isEmpty();
    assertThat(s.experiments().pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.topicExperimentChanges()).isEqualTo("experiments.changes");
  }

  @Test
  void shouldReadTheFileAndPollInterval() throws Exception {
    Path file = Files.writeString(dir.resolve("d.yaml"), VALID);
    IngestSettings s = load(Map.of("experiments.definitions.file", file.toString(), "experiments.definitions.poll.ms", "500"));
    assertThat(s.experiments().definitionsFile()).contains(file);
    assertThat(s.experiments().pollInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void shouldRefuseAnInvalidFileAtConfigurationTimeNamingEveryProblem() throws Exception {
    Path file = Files.writeString(dir.resolve("d.yaml"), VALID.replace("coverage: 0.05", "coverage: 5")
        .replace("weight: 0.5}]", "weight: 0.6}]"));
    assertThatThrownBy(() -> load(Map.of("experiments.definitions.file", file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("experiments.definitions.file")
        .hasMessageContaining("2 problem(s)")
        .hasMessageContaining("[coverage_range]")
        .hasMessageContaining("[weights_sum]");
  }

  @Test
  void shouldRefuseAMissingFile() {
    assertThatThrownBy(() -> load(Map.of("experiments.definitions.file", dir.resolve("absent.yaml").toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot be read");
  }
}
