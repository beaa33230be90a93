package dev.tributary.bench.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProducerPerfSummaryTest {

  @Test
  void shouldParseTheTotalLineAndIgnoreProgressLines() {
    String output = """
        SLF4J: something
        823614 records sent, 164722.8 records/sec (46.46 MB/sec), 380.2 ms avg latency, 741.0 ms max latency.
        1000000 records sent, 171115.673511 records/sec (48.26 MB/sec), 371.43 ms avg latency, 741.00 ms max latency, 360 ms 50th, 620 ms 95th, 690 ms 99th, 735 ms 99.9th.
        """;
    ProducerPerfSummary s = ProducerPerfSummary.parse(output).orElseThrow();
    assertThat(s.records()).isEqualTo(1_000_000);
    assertThat(s.recordsPerSecond()).isEqualTo(171115.673511);
    assertThat(s.megabytesPerSecond()).isEqualTo(48.26);
    assertThat(s.avgLatencyMs()).isEqualTo(371.43);
    assertThat(s.maxLatencyMs()).isEqualTo(741.0);
    assertThat(s.p50Ms()).isEqualTo(360);
    assertThat(s.p95Ms()).isEqualTo(620);
    assertThat(s.p99Ms()).isEqualTo(690);
  }

  @Test
  void shouldFindNothingInOutputWithoutATotal() {
    assertThat(ProducerPerfSummary.parse("823614 records sent, 164722.8 records/sec (46.46 MB/sec), 380.2 ms avg latency,"
        + " 741.0 ms max latency.\nException in thread main")).isEmpty();
  }
}
