package dev.tributary.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedFixturesTest {

  @TempDir
  Path dir;

  @Test
  void shouldFindTheAddressesTheDaemonWroteForThisRunOnly() throws Exception {
    SharedFixtures.Addresses written = new SharedFixtures.Addresses("http://127.0.0.1:20001", "http://127.0.0.1:20002",
        20003);
    SharedFixtures.write(dir, 4242, written);

    assertThat(SharedFixtures.read(dir.resolve(SharedFixtures.STATE_FILE), 4242)).contains(written);
    assertThat(SharedFixtures.read(dir.resolve(SharedFixtures.STATE_FILE), 4243)).as("another Maven run's").isEmpty();
    assertThat(SharedFixtures.read(dir.resolve("absent.properties"), 4242)).isEmpty();
  }

  @Test
  void shouldTakeTheRunsJvmAsOwnerNotAShellBetween() {
    ProcessHandle owner = SharedFixtures.mavenProcess();

    assertThat(owner.pid()).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(owner.info().command()).hasValueSatisfying(c -> assertThat(Path.of(c).getFileName()).hasToString("java"));
    assertThat(ProcessHandle.current().parent().map(ProcessHandle::pid)).isNotEmpty();
  }

  @Test
  void shouldSeeARunningProcessAliveAndAnEndedOneGone() throws Exception {
    assertThat(SharedFixturesMain.alive(ProcessHandle.current().pid())).isTrue();
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    assertThat(SharedFixturesMain.alive(ended.pid())).isFalse();
  }
}
