package dev.tributary.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void shouldAlignColumnsUnderAHeaderRule() {
    String text = new TextTable("stage", "ours", "ratio")
        .row("1 ingest", "52,000/s", "0.61x")
        .row("2 streams", "9/s")
        .render();
    assertThat(text).isEqualTo("""
        stage     | ours     | ratio
        ----------+----------+------
        1 ingest  | 52,000/s | 0.61x
        2 streams | 9/s      |
        """);
  }

  @Test
  void shouldRejectARowWiderThanTheHeader() {
    assertThatThrownBy(() -> new TextTable("a").row("1", "2")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldFormatRatesRatiosAndMillisWithoutLocaleSurprises() {
    assertThat(Fmt.rate(52_310.4)).isEqualTo("52,310/s");
    assertThat(Fmt.ratio(1, 4)).isEqualTo("0.25x");
    assertThat(Fmt.ratio(1, 0)).isEqualTo("n/a");
    assertThat(Fmt.ratio(Double.NaN, 1)).isEqualTo("n/a");
    assertThat(Fmt.millis(12.34)).isEqualTo("12.3 ms");
    assertThat(Fmt.millis(1234.5)).isEqualTo("1,235 ms");
    assertThat(Fmt.mebibytes(2048)).isEqualTo("2 MiB");
    assertThat(Fmt.percentiles(LatencySummary.EMPTY)).isEqualTo("n/a");
  }

  @Test
  void shouldReadVmRssFromAProcStatusText() {
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nThreads:\t40\n";
    assertThat(ProcStatus.vmRssKib(status)).hasValue(123456);
    assertThat(ProcStatus.vmRssKib("Name:\tjava\n")).isEmpty();
  }

  @Test
  void shouldReadThisJvmsOwnResidentMemory() {
    assertThat(ProcStatus.vmRssKib(ProcessHandle.current().pid())).isGreaterThan(1024);
  }
}
