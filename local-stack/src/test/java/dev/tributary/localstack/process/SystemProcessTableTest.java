package dev.tributary.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.process.ProcessTable.LiveProcess;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemProcessTableTest {

  private static final String STAT = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 30 0 "
      + "987654 3000000000 50000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

  @Test
  void shouldReadStateAndStartTicksAfterACommandNameWithSpacesAndParentheses() {
    assertThat(SystemProcessTable.ProcStat.parse(STAT)).contains(new SystemProcessTable.ProcStat('S', 987654));
  }

  @Test
  void shouldTreatAZombieAsGone() {
    assertThat(SystemProcessTable.ProcStat.parse(STAT.replace(" S 1 ", " Z 1 ")).map(SystemProcessTable.ProcStat::zombie))
        .contains(true);
  }

  @Test
  void shouldRejectATruncatedStatLine() {
    assertThat(SystemProcessTable.ProcStat.parse("4242 (java) S 1 2 3")).isEmpty();
  }

  @Test
  void shouldDescribeThisJvmTheSameWayTwice() {
    long self = ProcessHandle.current().pid();
    Optional<LiveProcess> first = ProcessTable.system().find(self);
    Optional<LiveProcess> second = ProcessTable.system().find(self);

    assertThat(first).isPresent();
    assertThat(first.get().startToken()).isNotEmpty();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void shouldGiveAChildADifferentStartTokenThanThisJvm() throws Exception {
    Process child = new ProcessBuilder("sleep", "5").start();
    try {
      Optional<LiveProcess> live = ProcessTable.system().find(child.pid());
      assertThat(live).isPresent();
      assertThat(live.get().commandLine()).contains("sleep 5");
      assertThat(live.get().startToken()).isNotEqualTo(ProcessTable.system().find(ProcessHandle.current().pid())
          .orElseThrow().startToken());
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  @Test
  void shouldFindNothingForAProcessThatExited() throws Exception {
    Process child = new ProcessBuilder("true").start();
    child.waitFor();

    assertThat(ProcessTable.system().find(child.pid())).isEmpty();
  }
}
