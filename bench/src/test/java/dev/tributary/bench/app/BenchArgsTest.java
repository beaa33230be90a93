package dev.tributary.bench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

  @Test
  void shouldRunTheFullBenchmarkWithoutOptions() {
    BenchArgs a = BenchArgs.parse();
    assertThat(a.plan()).isEqualTo(BenchPlan.full());
    assertThat(a.plan().sinkEvents()).isGreaterThanOrEqualTo(2_000_000);
    assertThat(a.plan().e2eWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(a.plan().fixedFreshnessRates()).contains(25_000);
  }

  @Test
  void shouldTakeTheShortPlanAndOverrides() {
    BenchArgs a = BenchArgs.parse("--short", "--profile", "--sink-events", "1_000", "--streams-events", "2_000",
        "--e2e-seconds", "30", "--drain-seconds", "5", "--root", "/x");
    assertThat(a.plan().mode()).isEqualTo("short");
    assertThat(a.plan().profile()).isTrue();
    assertThat(a.plan().sinkEvents()).isEqualTo(1_000);
    assertThat(a.plan().streamsEvents()).isEqualTo(2_000);
    assertThat(a.plan().e2eWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(a.plan().drainTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(a.root()).contains(Path.of("/x"));
  }

  @Test
  void shouldRejectUnknownOptionsAndBadNumbers() {
    assertThatThrownBy(() -> BenchArgs.parse("--fast")).isInstanceOf(BenchArgs.UsageException.class)
        .hasMessageContaining("--fast");
    assertThatThrownBy(() -> BenchArgs.parse("--sink-events", "0")).hasMessageContaining("positive");
    assertThatThrownBy(() -> BenchArgs.parse("--sink-events")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> BenchArgs.parse("--e2e-seconds", "x")).hasMessageContaining("number");
    assertThatThrownBy(() -> BenchArgs.parse("--drain-seconds", "0")).hasMessageContaining("positive");
  }

  @Test
  void shouldRunOnlyTheQueryStageWithAMillionEventsUnlessTold() {
    assertThat(BenchArgs.parse("--query").queryEvents()).hasValue(1_000_000L);
    assertThat(BenchArgs.parse("--query", "--events", "100000000").queryEvents()).hasValue(100_000_000L);
    assertThat(BenchArgs.parse("--query", "--query-events", "2_000_000").queryEvents()).hasValue(2_000_000L);
    assertThat(BenchArgs.parse().queryEvents()).isEmpty();
  }

  @Test
  void shouldRefuseQueryEventsWithoutQuery() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchArgs.parse("--query-events", "5"))
        .hasMessage("--events needs --query or --instances");
  }

  @Test
  void shouldRunTheStreamsStageOncePerVariantAtTheChosenSize() {
    BenchArgs a = BenchArgs.parse("--streams-variants", "--short");

    assertThat(a.streamsVariants()).isTrue();
    assertThat(a.plan().streamsEvents()).isEqualTo(BenchPlan.quick().streamsEvents());
    assertThat(BenchArgs.parse().streamsVariants()).isFalse();
  }

  @Test
  void shouldRefuseQueryTogetherWithStreamsVariants() {
    assertThatThrownBy(() -> BenchArgs.parse("--query", "--streams-variants"))
        .hasMessageContaining("choose one");
  }

  @Test
  void shouldMeasureTheRestartCostAtTheDefaultOrGivenSizes() {
    assertThat(BenchArgs.parse("--restore").restoreSizes()).isEqualTo(BenchArgs.DEFAULT_RESTORE_SIZES);
    assertThat(BenchArgs.parse("--restore", "--short").restoreSizes()).isEqualTo(BenchArgs.SHORT_RESTORE_SIZES);
    assertThat(BenchArgs.parse("--restore", "--restore-sizes", "3000000, 100000,1_000_000").restoreSizes())
        .containsExactly(100_000, 1_000_000, 3_000_000);
    assertThat(BenchArgs.parse().restore()).isFalse();
  }

  @Test
  void shouldRefuseRestoreSizesThatCannotFitALine() {
    assertThatThrownBy(() -> BenchArgs.parse("--restore", "--restore-sizes", "5000,5000"))
        .hasMessageContaining("at least two different sizes");
    assertThatThrownBy(() -> BenchArgs.parse("--restore", "--restore-sizes", "5000,x"))
        .hasMessageContaining("--restore-sizes must be a number, got x");
    assertThatThrownBy(() -> BenchArgs.parse("--restore-sizes", "1,2")).hasMessageContaining("needs --restore");
    assertThatThrownBy(() -> BenchArgs.parse("--restore", "--query")).hasMessageContaining("choose one");
  }

  @Test
  void shouldRunThePipelineOncePerInstanceCountWith200000EventsUnlessTold() {
    BenchArgs a = BenchArgs.parse("--instances", "1,2");

    assertThat(a.instances()).containsExactly(1, 2);
    assertThat(a.scalingEvents()).isEqualTo(200_000);
    assertThat(BenchArgs.parse("--instances", "2", "--events", "300_000").scalingEvents()).isEqualTo(300_000);
    assertThat(BenchArgs.parse("--instances", "1", "--short").scalingEvents()).isEqualTo(20_000);
    assertThat(BenchArgs.parse().instances()).isEmpty();
  }

  @Test
  void shouldRefuseInstanceCountsThePartitionsCannotServeOrThatAreNotCounts() {
    assertThatThrownBy(() -> BenchArgs.parse("--instances", "1,7")).hasMessageContaining("1 to 6");
    assertThatThrownBy(() -> BenchArgs.parse("--instances", "0")).hasMessageContaining("1 to 6");
    assertThatThrownBy(() -> BenchArgs.parse("--instances", "1,,2")).hasMessageContaining("e.g. 1,2");
    assertThatThrownBy(() -> BenchArgs.parse("--instances", "2,2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> BenchArgs.parse("--instances")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> BenchArgs.parse("--instances", "1", "--streams-variants"))
        .hasMessageContaining("choose one");
  }
}
