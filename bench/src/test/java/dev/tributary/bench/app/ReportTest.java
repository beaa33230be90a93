package dev.tributary.bench.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bench.limit.ProducerPerfSummary;
import dev.tributary.bench.load.HttpLoad;
import dev.tributary.bench.report.LatencySummary;
import dev.tributary.bench.stage.EndToEndStage;
import dev.tributary.bench.stage.IngestStage;
import dev.tributary.bench.stage.SinkStage;
import dev.tributary.bench.stage.StreamsStage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static final LatencySummary LAT = LatencySummary.of(10, 20, 30, 40);

  private static BenchResult result(BenchPlan plan, double ingestRate, double sinkRate, double e2eRate,
      List<EndToEndStage.Freshness> freshness) {
    HttpLoad.Result load = new HttpLoad.Result(100, (long) (ingestRate * 10), 10, LAT, 1_000, 0, "");
    IngestStage.Result ingest = new IngestStage.Result(load, 1_000, 290,
        new ProducerPerfSummary(1_000_000, 200_000, 50, 300, 800, 290, 600, 700));
    StreamsStage.Result streams = new StreamsStage.Result(100_000, 20_000, 5, 100_000, 0, true, 45.5);
    SinkStage.Result sink = new SinkStage.Result(2_000_000,
        new SinkStage.Load("warehouse-sink", 2_000_000, sinkRate, 10),
        new SinkStage.Load("json", 2_000_000, 350_000, 5),
        new SinkStage.Load("rowbinary", 2_000_000, 400_000, 5),
        new SinkStage.Load("peer", 2_000_000, 100_000, 20));
    EndToEndStage.Result e2e = new EndToEndStage.Result(load, e2eRate, e2eRate, 1, freshness, 5_000, 5_000, 5_000,
        Map.of("kafka", 512_000L));
    return new BenchResult(plan, ingest, streams, sink, e2e, List.of());
  }

  @Test
  void shouldJudgeEveryTargetOfTheIssueOnAFullRun() {
    List<EndToEndStage.Freshness> f = List.of(new EndToEndStage.Freshness(25_000, 24_990, LatencySummary.of(300, 900, 1_500),
        100, 100, 0));
    List<Report.Target> t = Report.targets(result(BenchPlan.full(), 120_000, 250_000, 60_000, f));
    assertThat(t).extracting(Report.Target::name, Report.Target::verdict).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ingest vs ProducerPerformance", Report.Verdict.MET),
        org.assertj.core.groups.Tuple.tuple("sink vs clickhouse-client (RowBinary)", Report.Verdict.MET),
        org.assertj.core.groups.Tuple.tuple("sink vs Kafka engine", Report.Verdict.MET),
        org.assertj.core.groups.Tuple.tuple("end-to-end sustained", Report.Verdict.MET),
        org.assertj.core.groups.Tuple.tuple("freshness", Report.Verdict.MET));
  }

  @Test
  void shouldReportMissesWithTheMeasuredRatio() {
    List<EndToEndStage.Freshness> f = List.of(new EndToEndStage.Freshness(25_000, 25_000, LatencySummary.of(300, 2_500),
        100, 100, 0));
    List<Report.Target> t = Report.targets(result(BenchPlan.full(), 40_000, 150_000, 30_000, f));
    assertThat(t.get(0).measured()).isEqualTo("0.20x");
    assertThat(t).extracting(Report.Target::verdict).containsOnly(Report.Verdict.MISSED);
  }

  @Test
  void shouldNotJudgeWhatAShortRunCannotShow() {
    List<Report.Target> t = Report.targets(result(BenchPlan.quick(), 120_000, 250_000, 60_000, List.of()));
    assertThat(t.get(3).verdict()).isEqualTo(Report.Verdict.NOT_EVALUATED);
    assertThat(t.get(4).verdict()).isEqualTo(Report.Verdict.NOT_EVALUATED);
  }

  @Test
  void shouldPrintEachStageBesideItsReferencesWithRatios() {
    String text = Report.render(result(BenchPlan.quick(), 100_000, 240_000, 60_000, List.of()));
    assertThat(text).contains("1 ingest", "200,000/s", "0.50x", "2 streams", "45.5 µs", "3 sink", "0.60x", "2.40x",
        "4 end to end", "5 memory", "500 MiB", "Targets");
  }
}
