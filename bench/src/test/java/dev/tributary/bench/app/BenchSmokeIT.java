package dev.tributary.bench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bench.stage.EndToEndStage;
import dev.tributary.bench.stage.SinkStage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark's short mode end to end on real components and checks that it completes and
 * that what it reports adds up (rows loaded == rows produced, every accepted event in ClickHouse
 * once) — not how fast anything was: speed on a shared CI machine is no test result.
 */
class BenchSmokeIT {

  /**
   * Every stage at the smallest sizes that still exercise it: what this test checks is that the counts
   * add up, which does not need {@code --short}'s windows (the suite's time is better spent elsewhere).
   * One second of each timed window: HTTP load is then still sent, acknowledged, counted on the topic
   * and in ClickHouse, and the freshness phase (after its fixed 2 s warm-up) still acks about ten probes
   * a second that must all be seen; a longer window only adds more of the same events.
   */
  private static final BenchPlan SMOKE = new BenchPlan("smoke", 4, Duration.ofSeconds(1), Duration.ofSeconds(1),
      10_000, 5_000, 10_000, Duration.ofSeconds(1), Duration.ofSeconds(1), BenchPlan.DEFAULT_DRAIN_TIMEOUT,
      Duration.ofSeconds(1), List.of(), false);

  @TempDir
  Path temp;

  @Test
  void shouldCompleteTheShortRunWithCountsThatMatchClickHouse() {
    // the progress lines (each stage's time among them) go to the test's output, where a slow or failed run is read
    BenchResult r = Bench.run(SMOKE, temp.resolve("bench"), new PrintStream(System.out, true, StandardCharsets.UTF_8));
    assertThat(r.failures()).as("stages that failed").isEmpty();

    assertThat(r.ingest().load().totalAccepted()).isPositive();
    assertThat(r.ingest().topicRecords()).isEqualTo(r.ingest().load().totalAccepted());
    assertThat(r.ingest().limit().records()).isEqualTo(r.plan().producerPerfRecords());

    assertThat(r.streams().completed()).isTrue();
    assertThat(r.streams().clean() + r.streams().deadLetters()).isEqualTo(r.streams().input());
    assertThat(r.streams().deadLetters()).isZero();

    SinkStage.Result sink = r.sink();
    assertThat(sink.produced()).isEqualTo(r.plan().sinkEvents());
    assertThat(sink.sink().rows()).isEqualTo(sink.produced());
    assertThat(sink.rowBinary().rows()).isEqualTo(sink.produced());
    assertThat(sink.jsonEachRow().rows()).isEqualTo(sink.produced());
    assertThat(sink.kafkaEngine().rows()).isEqualTo(sink.produced());

    EndToEndStage.Result e2e = r.endToEnd();
    assertThat(e2e.accepted()).isPositive();
    assertThat(e2e.drained()).as("backlog of the max-rate window loaded").isTrue();
    assertThat(e2e.rows()).isEqualTo(e2e.accepted());
    assertThat(e2e.distinctIds()).isEqualTo(e2e.accepted());
    assertThat(e2e.freshness()).isNotEmpty().allSatisfy(f -> {
      assertThat(f.probesAcked()).isPositive();
      assertThat(f.probesSeen()).isEqualTo(f.probesAcked());
    });
    assertThat(e2e.rssKib()).containsKeys("kafka", "clickhouse", "registry", "ingest", "streams", "sink");

    String report = Report.render(r);
    assertThat(report).contains("1 ingest", "2 streams", "3 sink", "4 end to end", "5 memory", "Targets");
  }
}
