package dev.tributary.bench.app;

import static dev.tributary.bench.report.Fmt.count;
import static dev.tributary.bench.report.Fmt.millis;
import static dev.tributary.bench.report.Fmt.percentiles;
import static dev.tributary.bench.report.Fmt.rate;
import static dev.tributary.bench.report.Fmt.ratio;
import static dev.tributary.bench.report.Fmt.seconds;

import dev.tributary.bench.fleet.Fleet;
import dev.tributary.bench.report.Fmt;
import dev.tributary.bench.report.TextTable;
import dev.tributary.bench.stage.EndToEndStage;
import dev.tributary.bench.stage.IngestStage;
import dev.tributary.bench.stage.SinkStage;
import dev.tributary.bench.stage.StreamsStage;
import dev.tributary.localstack.service.PipelineService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link BenchResult} as the results table (each stage beside its limit and peer, with
 * ratios) and the targets table: every target of issue 12 (which raised issue 5's ingest and sink
 * bars and added the streams rate and the services' memory), so one full run says MET or MISSED for
 * each. Targets are evaluated, never tuned for: a run too short to judge one says so, and a stage
 * that failed says FAILED with its error. Pure and thread-safe.
 */
public final class Report {

  /** How a target came out. */
  public enum Verdict { MET, MISSED, NOT_EVALUATED, FAILED }

  /** One target of the issue and how this run did against it. */
  public record Target(String name, String wanted, String measured, Verdict verdict) {}

  static final double INGEST_MIN_RATIO = 0.8;
  static final double STREAMS_MIN_RATE = 100_000;
  /** Fewer events than this are mostly JIT warm-up and start-up: too few to judge the streams rate. */
  static final int STREAMS_MIN_EVENTS = 1_000_000;
  static final double SINK_MIN_RATIO_TO_LIMIT = 0.6;
  static final double SINK_MIN_RATIO_TO_PEER = 4.0;
  static final long SERVICE_MAX_RSS_KIB = 512 * 1024;
  /** The pipeline's own JVMs by process name, as the end-to-end stage starts them; Kafka, ClickHouse and the registry are not ours. */
  static final List<String> SERVICES = Fleet.SERVICES.stream().map(PipelineService::processName).toList();
  static final double E2E_MIN_RATE = 50_000;
  static final long E2E_MIN_WINDOW_SECONDS = 300;
  static final double FRESHNESS_RATE = 25_000;
  static final double FRESHNESS_MAX_P99_MS = 2_000;

  private Report() {}

  public static String render(BenchResult r) {
    return "Results (" + r.plan().mode() + " mode)\n" + results(r).render() + "\nTargets\n" + targetTable(targets(r)).render();
  }

  static TextTable results(BenchResult r) {
    TextTable t = new TextTable("stage", "measure", "ours", "reference", "ratio");
    for (BenchResult.StageFailure f : r.failures()) {
      t.row(f.stage(), "FAILED", firstLine(f.message()));
    }
    IngestStage.Result in = r.ingest();
    if (in != null) {
      t.row("1 ingest", "events/s accepted over HTTP, acked by Kafka (" + r.plan().connections() + " conns, batches of 100)",
          rate(in.load().acceptedPerSecond()),
          "limit: ProducerPerformance acks=all " + in.recordSize() + " B: " + rate(in.limit().recordsPerSecond()),
          ratio(in.load().acceptedPerSecond(), in.limit().recordsPerSecond()));
      t.row("", "latency per batch request", percentiles(in.load().latency()),
          "ProducerPerformance per record: p50 " + millis(in.limit().p50Ms()) + ", p99 " + millis(in.limit().p99Ms()));
      t.row("", "events accepted / records in topic / failed requests",
          count(in.load().totalAccepted()) + " / " + count(in.topicRecords()) + " / " + count(in.load().failedRequests()));
    }
    StreamsStage.Result s = r.streams();
    if (s != null) {
      t.row("2 streams", "events/s raw -> clean + metrics (exactly-once), from a full topic", rate(s.rate()),
          "(" + seconds(s.seconds()) + " for " + count(s.input()) + ")");
      t.row("", "input / clean / dead letters", count(s.input()) + " / " + count(s.clean()) + " / " + count(s.deadLetters()));
      t.row("", "CPU of the streams process per event (user + system)",
          String.format(java.util.Locale.ROOT, "%.1f µs", s.cpuMicrosPerEvent()), "");
    }
    SinkStage.Result k = r.sink();
    if (k != null) {
      t.row("3 sink", "rows/s into ClickHouse from a full topic of " + count(k.produced()), rate(k.sink().rate()),
          "limit: clickhouse-client RowBinary: " + rate(k.rowBinary().rate()), ratio(k.sink().rate(), k.rowBinary().rate()));
      t.row("", "", "", "limit: clickhouse-client JSONEachRow: " + rate(k.jsonEachRow().rate()),
          ratio(k.sink().rate(), k.jsonEachRow().rate()));
      t.row("", "", "", "peer: ClickHouse Kafka engine + MV (from its start): " + rate(k.kafkaEngine().rate()),
          ratio(k.sink().rate(), k.kafkaEngine().rate()));
      t.row("", "rows: produced / sink / RowBinary / JSONEachRow / Kafka engine",
          count(k.produced()) + " / " + count(k.sink().rows()) + " / " + count(k.rowBinary().rows()) + " / "
              + count(k.jsonEachRow().rows()) + " / " + count(k.kafkaEngine().rows()));
    }
    EndToEndStage.Result e = r.endToEnd();
    if (e != null) {
      t.row("4 end to end", "sustained events/s, " + r.plan().e2eWindow().toSeconds() + " s window (HTTP -> ClickHouse)",
          rate(e.sustainedRate()),
          "accepted " + rate(e.maxLoad().acceptedPerSecond()) + ", loaded in window " + rate(e.loadedRateInWindow())
              + (e.drained() ? ", drain " + seconds(e.drainSeconds())
                  : ", NOT DRAINED: " + count(e.backlog()) + " events still missing after " + seconds(e.drainSeconds())));
      t.row("", "latency per batch request at max rate", percentiles(e.maxLoad().latency()));
      for (EndToEndStage.Freshness f : e.freshness()) {
        t.row("", "freshness (ack -> queryable) at " + rate(f.offeredRate()) + (e.drained() ? "" : ", fresh pipeline"),
            percentiles(f.freshness()),
            "achieved " + rate(f.acceptedRate()) + ", probes seen " + f.probesSeen() + "/" + f.probesAcked()
                + ", failed requests " + f.failedRequests());
      }
      t.row("", "events accepted / rows in ClickHouse / distinct ids",
          count(e.accepted()) + " / " + count(e.rows()) + " / " + count(e.distinctIds()));
      String label = "5 memory";
      for (Map.Entry<String, Long> m : e.rssKib().entrySet()) {
        t.row(label, "VmRSS " + m.getKey(), Fmt.mebibytes(m.getValue()));
        label = "";
      }
    }
    return t;
  }

  public static List<Target> targets(BenchResult r) {
    List<Target> out = new ArrayList<>();
    for (BenchResult.StageFailure f : r.failures()) {
      out.add(new Target(f.stage() + " stage", "completes", firstLine(f.message()), Verdict.FAILED));
    }
    if (r.ingest() != null) {
      double q = r.ingest().load().acceptedPerSecond() / r.ingest().limit().recordsPerSecond();
      out.add(ratioTarget("ingest vs ProducerPerformance", INGEST_MIN_RATIO, q));
    }
    if (r.streams() != null) {
      StreamsStage.Result s = r.streams();
      boolean enough = r.plan().streamsEvents() >= STREAMS_MIN_EVENTS;
      out.add(new Target("streams alone, exactly-once", ">= " + rate(STREAMS_MIN_RATE),
          rate(s.rate()) + " over " + count(s.input()) + " events",
          !enough ? Verdict.NOT_EVALUATED : verdict(s.completed() && s.rate() >= STREAMS_MIN_RATE)));
    }
    if (r.sink() != null) {
      SinkStage.Result k = r.sink();
      out.add(ratioTarget("sink vs clickhouse-client (RowBinary)", SINK_MIN_RATIO_TO_LIMIT, k.sink().rate() / k.rowBinary().rate()));
      out.add(ratioTarget("sink vs Kafka engine", SINK_MIN_RATIO_TO_PEER, k.sink().rate() / k.kafkaEngine().rate()));
    }
    if (r.endToEnd() != null) {
      EndToEndStage.Result e = r.endToEnd();
      boolean longEnough = r.plan().e2eWindow().toSeconds() >= E2E_MIN_WINDOW_SECONDS;
      out.add(new Target("end-to-end sustained", ">= " + rate(E2E_MIN_RATE) + " for " + E2E_MIN_WINDOW_SECONDS + " s",
          rate(e.sustainedRate()) + " for " + r.plan().e2eWindow().toSeconds() + " s"
              + (e.drained() ? "" : ", " + count(e.backlog()) + " not drained"),
          !longEnough ? Verdict.NOT_EVALUATED : verdict(e.drained() && e.sustainedRate() >= E2E_MIN_RATE)));
      EndToEndStage.Freshness at = e.freshness().stream()
          .filter(f -> f.offeredRate() == FRESHNESS_RATE).findFirst().orElse(null);
      String wanted = "p99 <= " + millis(FRESHNESS_MAX_P99_MS) + " at " + rate(FRESHNESS_RATE);
      if (at == null || at.freshness().isEmpty()) {
        out.add(new Target("freshness", wanted, "not measured at " + rate(FRESHNESS_RATE), Verdict.NOT_EVALUATED));
      } else {
        boolean reached = at.acceptedRate() >= 0.95 * FRESHNESS_RATE && at.probesSeen() == at.probesAcked();
        String unseen = at.probesSeen() == at.probesAcked() ? ""
            : ", " + (at.probesAcked() - at.probesSeen()) + " of " + at.probesAcked() + " probes never queryable";
        out.add(new Target("freshness", wanted, "p99 " + millis(at.freshness().p99()) + " at " + rate(at.acceptedRate())
            + unseen + (e.drained() ? "" : " (fresh pipeline)"),
            verdict(reached && at.freshness().p99() <= FRESHNESS_MAX_P99_MS)));
      }
      out.add(memoryTarget(e, longEnough));
    }
    return out;
  }

  /** The largest VmRSS of the pipeline's own services at the end of the end-to-end stage. */
  private static Target memoryTarget(EndToEndStage.Result e, boolean longEnough) {
    String wanted = "every service's RSS <= " + Fmt.mebibytes(SERVICE_MAX_RSS_KIB);
    Map.Entry<String, Long> largest = e.rssKib().entrySet().stream().filter(m -> SERVICES.contains(m.getKey()))
        .max(Map.Entry.comparingByValue()).orElse(null);
    if (largest == null) {
      return new Target("service memory", wanted, "no service measured", Verdict.NOT_EVALUATED);
    }
    boolean measured = e.rssKib().keySet().containsAll(SERVICES);
    String text = "largest " + largest.getKey() + ": " + Fmt.mebibytes(largest.getValue());
    return new Target("service memory", wanted, measured ? text : text + " (not all services alive)",
        !longEnough ? Verdict.NOT_EVALUATED
            : !measured ? Verdict.MISSED : verdict(largest.getValue() <= SERVICE_MAX_RSS_KIB));
  }

  private static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }

  private static Target ratioTarget(String name, double min, double ratio) {
    return new Target(name, String.format(Locale.ROOT, ">= %.2fx", min), Double.isNaN(ratio) ? "n/a"
        : String.format(Locale.ROOT, "%.2fx", ratio), Double.isNaN(ratio) ? Verdict.NOT_EVALUATED : verdict(ratio >= min));
  }

  private static Verdict verdict(boolean ok) {
    return ok ? Verdict.MET : Verdict.MISSED;
  }

  static TextTable targetTable(List<Target> targets) {
    TextTable t = new TextTable("target", "wanted", "measured", "verdict");
    for (Target x : targets) {
      t.row(x.name(), x.wanted(), x.measured(), x.verdict().name().replace('_', ' '));
    }
    return t;
  }
}
