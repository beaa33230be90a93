package dev.tributary.localstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

  @TempDir
  Path dir;

  @Test
  void shouldKeepEntriesInStartOrderOnDisk() {
    PidFile pids = new PidFile(dir.resolve("pids"));
    pids.add("cli", 10);
    pids.add("kafka", 11);
    pids.add("clickhouse", 12);

    assertThat(PidFile.read(dir.resolve("pids"))).containsExactly(
        new PidFile.Entry("cli", 10), new PidFile.Entry("kafka", 11), new PidFile.Entry("clickhouse", 12));
  }

  @Test
  void shouldDeleteTheFileWhenTheLastEntryIsRemoved() {
    PidFile pids = new PidFile(dir.resolve("pids"));
    pids.add("kafka", 11);
    pids.add("registry", 12);

    pids.remove("registry");
    assertThat(PidFile.read(dir.resolve("pids"))).containsExactly(new PidFile.Entry("kafka", 11));
    pids.remove("kafka");

    assertThat(Files.exists(dir.resolve("pids"))).isFalse();
  }

  @Test
  void shouldSkipMalformedLines() {
    assertThat(PidFile.parse(List.of("kafka 42", "garbage", "sink x1", "", "  sink   7  ")))
        .containsExactly(new PidFile.Entry("kafka", 42), new PidFile.Entry("sink", 7));
  }

  @Test
  void shouldReadNothingWhenThereIsNoFile() {
    assertThat(PidFile.read(dir.resolve("absent"))).isEmpty();
  }
}
