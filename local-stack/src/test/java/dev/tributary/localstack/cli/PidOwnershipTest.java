package dev.tributary.localstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.process.ProcessTable;
import dev.tributary.localstack.process.ProcessTable.LiveProcess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PidOwnershipTest {

  private static final String SINK_CMD = "/usr/bin/java -Xmx512m -cp x dev.tributary.sink.app.Main";
  private static final String CLI_CMD = "/usr/bin/java -Xmx256m -cp y dev.tributary.localstack.cli.TributaryCli up";

  /** A process table held in a map: pid → live process. */
  private static final class FakeProcessTable implements ProcessTable {
    final Map<Long, LiveProcess> live = new HashMap<>();

    FakeProcessTable with(long pid, String startToken, String commandLine) {
      live.put(pid, new LiveProcess(pid, startToken, commandLine));
      return this;
    }

    @Override
    public Optional<LiveProcess> find(long pid) {
      return Optional.ofNullable(live.get(pid));
    }
  }

  @Test
  void shouldOwnALiveProcessWithTheRecordedStartAndAFittingCommandLine() {
    PidOwnership ownership = new PidOwnership(new FakeProcessTable().with(41, "boot-a/1000", SINK_CMD));

    assertThat(ownership.isOurs(new PidFile.Entry("sink", 41, "boot-a/1000"))).isTrue();
  }

  @Test
  void shouldNotOwnAPidThatIsGone() {
    PidOwnership ownership = new PidOwnership(new FakeProcessTable());

    assertThat(ownership.isOurs(new PidFile.Entry("sink", 41, "boot-a/1000"))).isFalse();
  }

  @Test
  void shouldNotOwnAReusedPidWhoseStartDiffers() {
    // after a crash and a reboot the OS gave pid 41 to another java process running our own main class
    PidOwnership ownership = new PidOwnership(new FakeProcessTable().with(41, "boot-b/350", SINK_CMD));

    assertThat(ownership.isOurs(new PidFile.Entry("sink", 41, "boot-a/1000"))).isFalse();
  }

  @Test
  void shouldNotOwnAProcessWhoseCommandLineIsNotTheNamedOne() {
    PidOwnership ownership = new PidOwnership(new FakeProcessTable().with(41, "", "/usr/sbin/sshd -D"));

    assertThat(ownership.isOurs(new PidFile.Entry("sink", 41, ""))).isFalse();
  }

  @Test
  void shouldJudgeALegacyEntryWithoutStartByItsCommandLine() {
    PidOwnership ownership = new PidOwnership(new FakeProcessTable().with(41, "boot-a/1000", SINK_CMD));

    assertThat(ownership.isOurs(new PidFile.Entry("sink", 41, ""))).isTrue();
  }

  @Test
  void shouldRecordTheStartTokenOfTheProcessItNames() {
    PidOwnership ownership = new PidOwnership(new FakeProcessTable().with(7, "boot-a/77", CLI_CMD));

    assertThat(ownership.entry("cli", 7)).isEqualTo(new PidFile.Entry("cli", 7, "boot-a/77"));
  }

  @Test
  void shouldFindNoRunningStackInAStaleFileWhosePidsWereReused() {
    FakeProcessTable table = new FakeProcessTable()
        .with(7, "boot-b/12", "/usr/lib/systemd/systemd-journald")      // the old cli pid, now someone else
        .with(8, "boot-b/13", "/usr/bin/java -cp z kafka.Kafka other.properties"); // a Kafka, but not ours
    List<PidFile.Entry> stale = List.of(new PidFile.Entry("cli", 7, "boot-a/5"), new PidFile.Entry("kafka", 8, "boot-a/6"),
        new PidFile.Entry("sink", 9, "boot-a/7"));

    assertThat(new PidOwnership(table).firstRunning(stale)).isEmpty();
  }

  @Test
  void shouldFindTheRunningStackWhenItsCliIsStillAlive() {
    FakeProcessTable table = new FakeProcessTable().with(7, "boot-a/5", CLI_CMD);
    List<PidFile.Entry> entries = List.of(new PidFile.Entry("cli", 7, "boot-a/5"), new PidFile.Entry("sink", 9, "boot-a/7"));

    assertThat(new PidOwnership(table).firstRunning(entries)).contains(entries.get(0));
  }

  @Test
  void shouldRecogniseEachProcessOfTheStackByItsCommandLine() {
    assertThat(PidOwnership.marker("ingest")).isEqualTo("dev.tributary.ingest.app.Main");
    assertThat(PidOwnership.marker("cli")).isEqualTo(TributaryCli.class.getName());
    assertThat(PidOwnership.marker("kafka")).isEqualTo("kafka.Kafka");
  }
}
