package dev.tributary.ingest.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.ExperimentChange;
import dev.tributary.ingest.kafka.ChangeLogPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionsWatcherTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir
  Path dir;

  private final FakeChangeLog changeLog = new FakeChangeLog();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final DefinitionsReloader reloader = new DefinitionsReloader(Fixtures.METRICS);

  private DefinitionsWatcher watcher(Path file) {
    return new DefinitionsWatcher(file, reloader, changeLog, new ExperimentMetrics(meters, reloader),
        Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
  }

  @Test
  void shouldRefuseToStartOnAnInvalidFileNamingEveryProblem() throws Exception {
    Path file = write("definitions.yaml", Fixtures.file("1.5").replace("primary_metric: purchase_conversion_rate",
        "primary_metric: nope"), T0);

    assertThatThrownBy(() -> watcher(file).loadFirst()).isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("experiments.definitions.file")
        .hasMessageContaining("2 problem(s)")
        .hasMessageContaining("experiment 'gb-vector', field 'coverage' [coverage_range]")
        .hasMessageContaining("field 'primary_metric' [unknown_metric]");
  }

  @Test
  void shouldRefuseToStartWithoutTheFile() {
    assertThatThrownBy(() -> watcher(dir.resolve("absent.yaml")).loadFirst()).hasMessageContaining("missing");
  }

  @Test
  void shouldReloadOnChangePublishTheChangesAndCountRefusals() throws Exception {
    Path file = write("definitions.yaml", Fixtures.file("0.05"), T0);
    DefinitionsWatcher watcher = watcher(file);
    watcher.loadFirst();
    assertThat(changeLog.published).extracting(ExperimentChange::getKind).containsExactly("snapshot", "snapshot");

    write("definitions.yaml", Fixtures.file("0.2"), T0.plusSeconds(60));
    watcher.poll();
    assertThat(reloader.current().running().get(0).coverage()).isEqualTo(0.2);
    assertThat(changeLog.published).extracting(ExperimentChange::getKind).endsWith("coverage_changed");

    write("definitions.yaml", Fixtures.file("-1"), T0.plusSeconds(120));
    watcher.poll();
    watcher.poll();
    assertThat(reloader.current().running().get(0).coverage()).isEqualTo(0.2);
    assertThat(meters.counter("experiments.definitions.reloads", "outcome", "refused").count()).isEqualTo(1);
    assertThat(meters.counter("experiments.definitions.reloads", "outcome", "accepted").count()).isEqualTo(2);
    assertThat(meters.get("experiments.definitions.refused").gauge().value()).isEqualTo(1);
  }

  @Test
  void shouldKeepChangesQueuedUntilKafkaAcknowledgesThem() throws Exception {
    Path file = write("definitions.yaml", Fixtures.file("0.05"), T0);
    changeLog.failing = true;
    DefinitionsWatcher watcher = watcher(file);
    watcher.loadFirst();
    assertThat(reloader.pending()).hasSize(2);
    assertThat(meters.counter("experiments.changes.publish.failures").count()).isEqualTo(1);

    changeLog.failing = false;
    watcher.poll();
    assertThat(reloader.pending()).isEmpty();
    assertThat(changeLog.published).hasSize(2);
  }

  private Path write(String name, String text, Instant modified) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  private static final class FakeChangeLog implements ChangeLogPublisher {
    final List<ExperimentChange> published = new ArrayList<>();
    volatile boolean failing;

    @Override
    public void publish(List<ExperimentChange> records) throws Exception {
      if (failing) {
        throw new java.util.concurrent.TimeoutException("broker away");
      }
      published.addAll(records);
    }

    @Override
    public void close() {}
  }
}
