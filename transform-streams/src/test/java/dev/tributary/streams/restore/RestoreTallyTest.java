package dev.tributary.streams.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreTallyTest {

  private static final long S = 1_000_000_000L;

  private final RestoreTally tally = new RestoreTally(Duration.ofSeconds(10));

  @Test
  void shouldReportProgressOnlyOnceTheIntervalHasPassed() {
    tally.started("dedupe-store", 0, 1_000, 0);
    assertThat(tally.restored("dedupe-store", 0, 300, 5 * S)).isEmpty();
    RestoreTally.Progress p = tally.restored("dedupe-store", 0, 300, 10 * S).orElseThrow();
    assertThat(p.restored()).isEqualTo(600);
    assertThat(p.total()).isEqualTo(1_000);
    assertThat(p.recordsPerSecond()).isEqualTo(60.0);
    assertThat(tally.restored("dedupe-store", 0, 100, 19 * S)).isEmpty();
  }

  @Test
  void shouldCountWhatIsLeftAcrossStorePartitions() {
    tally.started("dedupe-store", 0, 1_000, 0);
    tally.started("sessions-store", 2, 50, 0);
    tally.restored("dedupe-store", 0, 400, S);
    assertThat(tally.remaining()).isEqualTo(650);
    tally.ended("sessions-store", 2, 2 * S);
    assertThat(tally.remaining()).isEqualTo(600);
  }

  @Test
  void shouldSummariseTheRestoresSinceLastRunningFromFirstStartToLastEnd() {
    tally.started("dedupe-store", 0, 1_000, S);
    tally.restored("dedupe-store", 0, 1_000, 3 * S);
    tally.ended("dedupe-store", 0, 3 * S);
    tally.started("dedupe-store", 1, 500, 3 * S);
    tally.restored("dedupe-store", 1, 500, 5 * S);
    tally.ended("dedupe-store", 1, 5 * S);
    tally.started("audit-ledger", 1, 0, 5 * S);
    tally.ended("audit-ledger", 1, 5 * S);

    RestoreTally.Summary s = tally.drain();
    assertThat(s.records()).isEqualTo(1_500);
    assertThat(s.storePartitions()).isEqualTo(3);
    assertThat(s.spent()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.recordsPerSecond()).isEqualTo(375.0);
    assertThat(s.recordsByStore()).isEqualTo(Map.of("dedupe-store", 1_500L, "audit-ledger", 0L));
    assertThat(tally.drain().storePartitions()).isZero();
    assertThat(tally.restoredTotal()).isEqualTo(1_500);
  }

  @Test
  void shouldSummariseNothingWhenNothingWasRestored() {
    RestoreTally.Summary s = tally.drain();
    assertThat(s.records()).isZero();
    assertThat(s.spent()).isEqualTo(Duration.ZERO);
    assertThat(s.recordsPerSecond()).isZero();
  }

  @Test
  void shouldKeepARestoreStillRunningForTheNextSummary() {
    tally.started("dedupe-store", 0, 100, 2 * S);
    tally.drain();
    tally.restored("dedupe-store", 0, 100, 4 * S);
    tally.ended("dedupe-store", 0, 6 * S);
    assertThat(tally.drain().spent()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void shouldCountBatchesOfARestoreItDidNotSeeStart() {
    assertThat(tally.restored("dedupe-store", 0, 7, S)).isEmpty();
    assertThat(tally.restoredTotal()).isEqualTo(7);
    assertThat(tally.ended("dedupe-store", 0, S).restored()).isZero();
  }

  @Test
  void shouldRefuseANegativeInterval() {
    assertThatThrownBy(() -> new RestoreTally(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
