package dev.tributary.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTextTest {

  private static final String SCRAPE = """
      # HELP tributary_streams_restore_records_total Changelog records restored
      # TYPE tributary_streams_restore_records_total counter
      tributary_streams_restore_records_total_extra 5.0
      tributary_streams_restore_records_total 1234567.0
      kafka_stream_task_restore_remaining_records_total{task_id="0_1",thread_id="t"} 42.0
      """;

  @Test
  void shouldReadASampleByItsExactName() {
    assertThat(MetricsText.value(SCRAPE, "tributary_streams_restore_records_total")).hasValue(1_234_567.0);
  }

  @Test
  void shouldReadALabelledSample() {
    assertThat(MetricsText.value(SCRAPE, "kafka_stream_task_restore_remaining_records_total")).hasValue(42.0);
  }

  @Test
  void shouldFindNothingForAMissingName() {
    assertThat(MetricsText.value(SCRAPE, "tributary_streams_restore")).isEmpty();
  }
}
