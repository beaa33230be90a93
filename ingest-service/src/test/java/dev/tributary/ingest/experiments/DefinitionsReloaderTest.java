package dev.tributary.ingest.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.ExperimentChange;
import dev.tributary.experiments.definition.DefinitionRule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DefinitionsReloaderTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-30T10:05:00Z");

  private final DefinitionsReloader reloader = new DefinitionsReloader(Fixtures.METRICS);

  @Test
  void shouldQueueASnapshotOnTheFirstLoad() {
    reloader.offer(new FileStamp(T0, 1), Fixtures.file("0.05"), NOW);

    assertThat(reloader.current().running()).hasSize(1);
    assertThat(reloader.pending()).extracting(ExperimentChange::getKind).containsExactly("snapshot", "snapshot");
    assertThat(reloader.pending().get(0).getChangedAt()).isEqualTo(T0);
    assertThat(reloader.pending().get(0).getRecordedAt()).isEqualTo(NOW);
  }

  @Test
  void shouldQueueTheRampWhenANewVersionIsAccepted() {
    reloader.offer(new FileStamp(T0, 1), Fixtures.file("0.05"), NOW);
    reloader.published(reloader.pending().size());

    DefinitionsReloader.Outcome outcome = reloader.offer(new FileStamp(T0.plusSeconds(60), 1), Fixtures.file("0.1"), NOW);

    assertThat(outcome).isInstanceOf(DefinitionsReloader.Accepted.class);
    assertThat(reloader.current().running().get(0).coverage()).isEqualTo(0.1);
    assertThat(reloader.pending()).singleElement().satisfies(c -> {
      assertThat(c.getKind()).isEqualTo("coverage_changed");
      assertThat(c.getFromValue()).isEqualTo("0.05");
      assertThat(c.getToValue()).isEqualTo("0.1");
      assertThat(c.getChangedBy()).isEqualTo("ana");
      assertThat(c.getChangedAt()).isEqualTo(T0.plusSeconds(60));
    });
  }

  @Test
  void shouldKeepTheDefinitionsInForceWhenANewVersionIsRefusedAndJudgeItOnce() {
    reloader.offer(new FileStamp(T0, 1), Fixtures.file("0.05"), NOW);
    FileStamp bad = new FileStamp(T0.plusSeconds(60), 2);

    DefinitionsReloader.Outcome outcome = reloader.offer(bad, Fixtures.file("1.5"), NOW);

    assertThat(outcome).isInstanceOfSatisfying(DefinitionsReloader.Refused.class, r -> assertThat(r.errors())
        .extracting(e -> e.rule()).containsExactly(DefinitionRule.COVERAGE_RANGE));
    assertThat(reloader.current().running().get(0).coverage()).isEqualTo(0.05);
    assertThat(reloader.refusedLatest()).isTrue();
    assertThat(reloader.changed(bad)).isFalse();
    assertThat(reloader.offer(bad, Fixtures.file("1.5"), NOW)).isInstanceOf(DefinitionsReloader.Unchanged.class);
  }

  @Test
  void shouldKeepTheDefinitionsWhenTheFileGoesMissingAndSayItOnce() {
    reloader.offer(new FileStamp(T0, 1), Fixtures.file("0.05"), NOW);

    assertThat(reloader.missing()).isInstanceOf(DefinitionsReloader.Refused.class);
    assertThat(reloader.missing()).isInstanceOf(DefinitionsReloader.Unchanged.class);
    assertThat(reloader.current().running()).hasSize(1);
  }

  @Test
  void shouldGiveTheSameSnapshotIdsAfterARestartThatReadsTheSameFile() {
    reloader.offer(new FileStamp(T0, 1), Fixtures.file("0.05"), NOW);
    DefinitionsReloader restarted = new DefinitionsReloader(Fixtures.METRICS);
    restarted.offer(new FileStamp(T0, 1), Fixtures.file("0.05"), NOW.plusSeconds(3600));

    assertThat(restarted.pending()).extracting(ExperimentChange::getChangeId)
        .isEqualTo(reloader.pending().stream().map(ExperimentChange::getChangeId).toList());
  }
}
