package dev.tributary.localstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    pids.add(new PidFile.Entry("cli", 10, "boot/100"));
    pids.add(new PidFile.Entry("kafka", 11, "boot/200"));
    pids.add(new PidFile.Entry("clickhouse", 12, ""));

    assertThat(PidFile.read(dir.resolve("pids"))).containsExactly(new PidFile.Entry("cli", 10, "boot/100"),
        new PidFile.Entry("kafka", 11, "boot/200"), new PidFile.Entry("clickhouse", 12, ""));
  }

  @Test
  void shouldDeleteTheFileWhenTheLastEntryIsRemoved() {
    PidFile pids = new PidFile(dir.resolve("pids"));
    pids.add(new PidFile.Entry("kafka", 11, "t1"));
    pids.add(new PidFile.Entry("registry", 12, "t2"));

    pids.remove("registry");
    assertThat(PidFile.read(dir.resolve("pids"))).containsExactly(new PidFile.Entry("kafka", 11, "t1"));
    pids.remove("kafka");

    assertThat(Files.exists(dir.resolve("pids"))).isFalse();
  }

  @Test
  void shouldSkipMalformedLines() {
    assertThat(PidFile.parse(List.of("kafka 42 b/9", "garbage", "sink x1", "", "  sink   7  ", "a 1 b c",
        "huge 99999999999999999999")))
        .containsExactly(new PidFile.Entry("kafka", 42, "b/9"), new PidFile.Entry("sink", 7, ""));
  }

  @Test
  void shouldReadFilesWrittenBeforeStartTokensExisted() {
    assertThat(PidFile.parse(List.of("cli 5", "kafka 6")))
        .containsExactly(new PidFile.Entry("cli", 5, ""), new PidFile.Entry("kafka", 6, ""));
  }

  @Test
  void shouldRejectAStartTokenThatWouldBreakTheLineFormat() {
    assertThatThrownBy(() -> new PidFile.Entry("kafka", 1, "a b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spaces");
  }

  @Test
  void shouldReadNothingWhenThereIsNoFile() {
    assertThat(PidFile.read(dir.resolve("absent"))).isEmpty();
  }
}
