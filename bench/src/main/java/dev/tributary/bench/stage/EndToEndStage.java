package dev.tributary.bench.stage;

import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.load.HttpLoad;
import dev.tributary.bench.report.LatencySummary;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.service.PipelineService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 4: the whole pipeline on this machine (ingest, streams, sink JVMs plus Kafka, registry and
 * ClickHouse). First as fast as it takes events for a fixed window: the sustained rate is
 * rows loaded into ClickHouse from the window's start until every accepted event is queryable,
 * divided by that time — a pipeline that accepts faster than it loads is charged for its backlog.
 * Then paced at 50% of that rate (and at any fixed rates of the plan) to measure freshness
 * (see {@link FreshnessProbes}). When the max-rate backlog does not drain in the plan's drain timeout, the
 * resident memory is read at that moment (the services under their heaviest load), the services are stopped
 * and the freshness phases run on a fresh pipeline (its own topics, application, group and database), which
 * starts empty as a drained one would: the backlog would otherwise be all they measured. Otherwise the stage
 * ends with the resident memory of every process.
 */
public final class EndToEndStage {

  static final String DB = "bench_e2e";
  /** The database of the fresh pipeline the freshness phases run on when the max-rate backlog did not drain. */
  static final String FRESH_DB = "bench_e2e_fresh";

  /** One paced phase. */
  public record Freshness(double offeredRate, double acceptedRate, LatencySummary freshness, int probesAcked,
      int probesSeen, long failedRequests) {}

  /**
   * @param sustainedRate rows/s from window start until all accepted events were in ClickHouse; when the
   *     backlog did not drain in time, rows/s loaded from window start until the wait gave up (the pipeline
   *     loaded at full speed all along, so that is what it sustains)
   * @param loadedRateInWindow rows/s that reached ClickHouse during the window itself
   * @param drainSeconds time after the window until the backlog was loaded, or until the wait gave up
   * @param backlog accepted events still missing from ClickHouse when the wait gave up; 0 when drained
   *     (then the paced freshness phases ran on the same pipeline; otherwise on a fresh one, a backlog would
   *     be all they measured)
   * @param accepted events answered 2xx over the whole stage (both pipelines)
   * @param rows rows in the events tables at the end (both pipelines); {@code distinctIds} distinct event ids among them
   * @param rssKib resident memory per process at the end, or, when the backlog did not drain, when the wait gave up
   */
  public record Result(HttpLoad.Result maxLoad, double sustainedRate, double loadedRateInWindow, double drainSeconds,
      long backlog, List<Freshness> freshness, long accepted, long rows, long distinctIds, Map<String, Long> rssKib) {

    public boolean drained() {
      return backlog == 0;
    }
  }

  private EndToEndStage() {}

  public static Result run(BenchStack stack, BenchPlan plan, PrintStream out) {
    ClickHouseHttp ch = stack.clickhouse();
    out.println("bench: [4/4 end to end] starting sink, streams and ingest ...");
    Pipeline pipeline = Pipeline.start(stack, plan, "", "bench.e2e", DB);

    out.println("bench: [4/4 end to end] max rate: " + plan.e2eWarmup().toSeconds() + " s warm-up + "
        + plan.e2eWindow().toSeconds() + " s measured ...");
    HttpLoad load = HttpLoad.start(config(pipeline.ingest(), plan, 0, 0, ""), plan.e2eWarmup(), plan.e2eWindow(), null);
    sleepUntil(load.windowStartNanos());
    long rowsAtStart = SinkStage.count(ch, DB);
    sleepUntil(load.windowEndNanos());
    long rowsAtEnd = SinkStage.count(ch, DB);
    HttpLoad.Result max = load.stop();
    long accepted = pipeline.accepted() + max.totalAccepted();
    Seen drainedAt = awaitRowsOrGiveUp(ch, DB, accepted, plan.drainTimeout(), pipeline.services());
    double sustained = (Math.min(drainedAt.rows(), accepted) - rowsAtStart)
        / ((drainedAt.nanoTime() - load.windowStartNanos()) / 1e9);
    double loadedInWindow = (rowsAtEnd - rowsAtStart) / max.windowSeconds();
    double drain = Math.max(0, (drainedAt.nanoTime() - load.windowEndNanos()) / 1e9);
    long backlog = Math.max(0, accepted - drainedAt.rows());
    List<Double> rates = new ArrayList<>();
    rates.add(Math.max(1_000, Math.floor(sustained / 2 / 1_000) * 1_000));
    plan.fixedFreshnessRates().forEach(r -> rates.add(r.doubleValue()));

    Map<String, Long> rss = null;
    long rows = 0;
    long distinct = 0;
    long expected = accepted; // accepted events that belong in the database the freshness phases read
    if (backlog > 0) {
      rss = new LinkedHashMap<>(stack.residentMemoryKib());
      rows = SinkStage.count(ch, DB);
      distinct = distinctIds(ch, DB);
      out.println("bench: [4/4 end to end] " + backlog + " of " + accepted + " accepted events were not in ClickHouse "
          + plan.drainTimeout().toSeconds() + " s after the window; freshness runs on a fresh pipeline (the backlog would be"
          + " all it measured)");
      pipeline.services().forEach(stack::stop);
      pipeline = Pipeline.start(stack, plan, "-fresh", "bench.e2e-fresh", FRESH_DB);
      expected = pipeline.accepted();
      accepted += expected;
    }
    Phases phases = freshnessPhases(pipeline, plan, rates, expected, out);
    accepted += phases.accepted();
    if (rss == null) {
      rss = new LinkedHashMap<>(stack.residentMemoryKib());
    }
    rows += SinkStage.count(ch, pipeline.database());
    distinct += distinctIds(ch, pipeline.database());
    return new Result(max, sustained, loadedInWindow, drain, backlog, phases.freshness(), accepted, rows, distinct, rss);
  }

  /**
   * The three services of one pipeline, started on their own topics and database, and the events of the paced
   * second that proved the whole path works before anything was timed.
   */
  private record Pipeline(ClickHouseHttp clickhouse, String database, Services.Ingest ingest,
      List<ManagedProcess> services, long accepted) {

    static Pipeline start(BenchStack stack, BenchPlan plan, String nameSuffix, String topicPrefix, String database) {
      Services.Topics topics = Services.Topics.prefixed(topicPrefix);
      stack.createTopics(3, topics.all());
      String id = topicPrefix.replace('.', '-');
      ManagedProcess sink = Services.startSink(stack, PipelineService.SINK.processName() + nameSuffix, database,
          id + "-sink", topics, plan.profile());
      ManagedProcess streams = Services.startStreams(stack, PipelineService.STREAMS.processName() + nameSuffix, id,
          topics, plan.profile());
      Services.Ingest ingest = Services.startIngest(stack, PipelineService.INGEST.processName() + nameSuffix,
          topics.raw(), plan.profile());
      List<ManagedProcess> services = List.of(sink, streams, ingest.process());
      long accepted = paced(ingest, plan, 1_000, Duration.ofSeconds(1), null, "").totalAccepted();
      awaitRows(stack.clickhouse(), database, accepted, Duration.ofMinutes(3), services);
      return new Pipeline(stack.clickhouse(), database, ingest, services, accepted);
    }
  }

  /** What the freshness phases measured, and the events they sent that were accepted. */
  private record Phases(List<Freshness> freshness, long accepted) {}

  /**
   * One paced phase per rate, each followed by the wait until its events are rows ({@code expected} counts the
   * accepted events that belong in the pipeline's database). A phase whose probes are not all queryable 60 s
   * after it ends is the last: the pipeline cannot keep up at that rate, and its backlog would measure nothing more.
   */
  private static Phases freshnessPhases(Pipeline pipeline, BenchPlan plan, List<Double> rates, long expected,
      PrintStream out) {
    boolean fresh = !pipeline.database().equals(DB);
    List<Freshness> freshness = new ArrayList<>();
    long accepted = 0;
    int phase = 0;
    for (double rate : rates) {
      phase++;
      out.println("bench: [4/4 end to end] freshness at " + Math.round(rate) + " events/s for "
          + plan.freshnessWindow().toSeconds() + " s" + (fresh ? " (fresh pipeline)" : "") + " ...");
      String prefix = "p" + phase + "-";
      try (FreshnessProbes probes = new FreshnessProbes(pipeline.clickhouse(), pipeline.database() + ".events", prefix)) {
        HttpLoad.Result r = paced(pipeline.ingest(), plan, rate, plan.freshnessWindow(), probes, prefix);
        accepted += r.totalAccepted();
        FreshnessProbes.Outcome o = probes.await(Duration.ofSeconds(60));
        freshness.add(new Freshness(rate, r.acceptedPerSecond(), o.freshness(), o.acked(), o.seen(), r.failedRequests()));
        if (o.seen() < o.acked()) {
          out.println("bench: [4/4 end to end] " + (o.acked() - o.seen()) + " of " + o.acked() + " probes not queryable 60 s"
              + " after the phase; no further phases");
          break;
        }
      }
      awaitRows(pipeline.clickhouse(), pipeline.database(), expected + accepted, Duration.ofMinutes(10),
          pipeline.services());
    }
    return new Phases(freshness, accepted);
  }

  private static long distinctIds(ClickHouseHttp ch, String database) {
    return Long.parseLong(ch.query("SELECT uniqExact(event_id) FROM " + database + ".events").trim());
  }

  private static HttpLoad.Result paced(Services.Ingest ingest, BenchPlan plan, double rate, Duration window,
      HttpLoad.ProbeListener probes, String prefix) {
    // about ten probes a second whatever the rate
    int probeEvery = probes == null ? 0 : (int) Math.max(1, Math.round(rate / 100 / 10));
    Duration warmup = probes == null ? Duration.ZERO : Duration.ofSeconds(2);
    HttpLoad load = HttpLoad.start(config(ingest, plan, rate, probeEvery, prefix), warmup, window, probes);
    sleepUntil(load.windowEndNanos());
    return load.stop();
  }

  private static HttpLoad.Config config(Services.Ingest ingest, BenchPlan plan, double rate, int probeEvery, String prefix) {
    return new HttpLoad.Config(ingest.batchUrl(), Services.WRITE_KEY, plan.connections(), 100, rate, probeEvery, prefix,
        System.nanoTime());
  }

  /**
   * Waits until {@code database}'s events table holds {@code rows}; returns the nanotime it was seen.
   * Throws (with its log tail) as soon as one of {@code services} exited.
   */
  static long awaitRows(ClickHouseHttp ch, String database, long rows, Duration timeout, List<ManagedProcess> services) {
    Seen seen = awaitRowsOrGiveUp(ch, database, rows, timeout, services);
    if (seen.rows() < rows) {
      throw new IllegalStateException("only " + seen.rows() + " of " + rows + " accepted events reached ClickHouse within "
          + timeout.toSeconds() + " s");
    }
    return seen.nanoTime();
  }

  /** A row count of the events table and the nanotime it was read. */
  record Seen(long rows, long nanoTime) {}

  /**
   * Waits until {@code database}'s events table holds {@code rows} or {@code timeout} passed, and
   * returns the last count. Throws (with its log tail) as soon as one of {@code services} exited.
   */
  static Seen awaitRowsOrGiveUp(ClickHouseHttp ch, String database, long rows, Duration timeout,
      List<ManagedProcess> services) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long at = System.nanoTime();
      long n = SinkStage.count(ch, database);
      if (n >= rows || at > deadline) {
        return new Seen(n, at);
      }
      for (ManagedProcess p : services) {
        if (!p.isAlive()) {
          throw new IllegalStateException(p.name() + " exited; see " + p.logFile() + ":\n" + p.logTail(20));
        }
      }
      Poll.sleep(Duration.ofMillis(100));
    }
  }

  private static void sleepUntil(long nanoTime) {
    long rest = nanoTime - System.nanoTime();
    if (rest > 0) {
      Poll.sleep(Duration.ofNanos(rest).plusMillis(1));
    }
  }
}
