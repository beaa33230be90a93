package dev.tributary.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.experiments.definition.ExperimentDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionsWatcherTest {

  private static final Set<String> METRICS = Set.of("purchase_conversion_rate");
  private static final String FILE = """
      experiments:
        - key: exp
          status: running
          coverage: %s
          variants: [{id: a, weight: 0.5}, {id: b, weight: 0.5}]
          start: 2026-11-30T09:00:00Z
          hypothesis: h
          primary_metric: purchase_conversion_rate
      """;

  @TempDir
  Path dir;

  @Test
  void shouldRefuseToStartWithoutAValidFileNamingTheKeyAndTheProblems() throws Exception {
    Path file = dir.resolve("definitions.yaml");
    assertThatThrownBy(() -> new DefinitionsWatcher(file, METRICS).loadFirst()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("experiments.definitions.file").hasMessageContaining("missing");

    write(file, FILE.formatted("1.5"), 1);
    assertThatThrownBy(() -> new DefinitionsWatcher(file, METRICS).loadFirst()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("[coverage_range]");
  }

  @Test
  void shouldReplaceTheDefinitionsOnAValidChangeAndKeepThemOnAnInvalidOne() throws Exception {
    Path file = dir.resolve("definitions.yaml");
    write(file, FILE.formatted("0.05"), 1);
    DefinitionsWatcher watcher = new DefinitionsWatcher(file, METRICS);
    watcher.loadFirst();

    write(file, FILE.formatted("0.2"), 2);
    assertThat(watcher.poll()).isEmpty();
    assertThat(coverage(watcher)).isEqualTo(0.2);

    write(file, FILE.formatted("0.3").replace("purchase_conversion_rate", "no_such_metric"), 3);
    assertThat(watcher.poll()).singleElement().satisfies(e -> assertThat(e.describe()).contains("unknown_metric"));
    assertThat(coverage(watcher)).isEqualTo(0.2);
  }

  private static double coverage(DefinitionsWatcher watcher) {
    return watcher.current().orElseThrow().byKey().values().stream().findFirst().map(ExperimentDefinition::coverage)
        .orElseThrow();
  }

  private static void write(Path file, String text, int second) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-30T10:00:00Z").plusSeconds(second)));
  }
}
