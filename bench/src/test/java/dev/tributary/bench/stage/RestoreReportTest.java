package dev.tributary.bench.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreReportTest {

  // restores cost 10 s + 5 µs per record (wall) and 8 s + 4 µs per record (CPU); 100 bytes per id
  private static RestoreStage.Size size(long ids) {
    long restored = ids + 1_000;
    return new RestoreStage.Size(ids, ids, ids * 100, restored, ids * 120,
        Map.of("dedupe-store-changelog", ids, "sessions-store-changelog", 1_000L), 120.0,
        new RestoreStage.Restart(9.0, 7.0, 0),
        new RestoreStage.Restart(10 + restored * 5e-6, 8 + restored * 4e-6, restored),
        new RestoreStage.Restart(10 + restored * 5e-6, 8 + restored * 4e-6, restored));
  }

  private final List<RestoreStage.Size> sizes = List.of(size(100_000), size(1_000_000), size(3_000_000));

  @Test
  void shouldFitTheCostPerRestoredRecordAndTheBytesPerId() {
    RestoreReport.Fit fit = RestoreReport.fit(sizes);
    assertThat(fit.seconds().slope()).isCloseTo(5e-6, within(1e-12));
    assertThat(fit.seconds().intercept()).isCloseTo(10, within(1e-6));
    assertThat(fit.cpu().slope()).isCloseTo(4e-6, within(1e-12));
    assertThat(fit.bytesPerId()).isEqualTo(100.0);
  }

  @Test
  void shouldPrintEachSizeTheFitAndTheProjection() {
    String text = RestoreReport.render(sizes, "3.1 2.5 2.0");
    assertThat(text).contains("load average 3.1 2.5 2.0")
        .contains("3,000,000")
        .contains("(100 B/id)")
        .contains("time to RUNNING = 10.0 s + 5.00 µs per record (200,000 records/s)")
        .contains("CPU to RUNNING  = 8.0 s + 4.00 µs per record")
        // 1,000,000 events/s with the default day: 31 h of ids = 111.6 bn, 558,000 s on one instance
        .contains("111.60 bn")
        .contains("155.0 h")
        .contains("1,860");
  }

  @Test
  void shouldNotProjectACostPerRecordThatNoiseMadeNegative() {
    RestoreStage.Size small = size(5_000);
    RestoreStage.Size noisy = new RestoreStage.Size(40_000, 40_000, 4_000_000, 41_000, 4_800_000, Map.of(), 120.0,
        small.clean(), small.crashed(), new RestoreStage.Restart(small.lost().seconds() - 2, 9.0, 41_000));
    String text = RestoreReport.render(List.of(small, noisy), "20 20 20");
    assertThat(text).contains("No projection").doesNotContain("Projection:");
  }
}
