package dev.tributary.bench.stage;

import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.fleet.Fleet;
import dev.tributary.bench.load.HttpLoad;
import dev.tributary.bench.projection.HardwareProjection;
import dev.tributary.bench.report.Fmt;
import dev.tributary.bench.report.ProcStatus;
import dev.tributary.bench.report.TextTable;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.service.PipelineService;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bin/bench --instances 1,2}: the whole pipeline end to end (HTTP → ingest → Kafka → streams
 * → sink → ClickHouse) on {@value #PARTITIONS}-partition topics, once per instance count, each run
 * with N instances of every service (a {@link Fleet}; the client spreads its connections over the
 * ingest instances) on topics, a streams application, a sink group and a database of its own. A
 * run sends a fixed number of events as fast as the ingest instances take them and ends when every
 * accepted event is a row in ClickHouse; over that same span it reads the CPU time (user + system)
 * of every process, so each stage's CPU per event is the sum over its processes divided by the
 * events — the figure {@link dev.tributary.bench.projection.HardwareProjection} scales from. On a
 * 2-core machine a second instance of each service cannot add cores: the 2-instance run shows what
 * running several instances costs, not a speed-up.
 *
 * <p>Not thread-safe; one run at a time (the stack's lock enforces it across processes).
 */
public final class ScalingStage {

  /** Partitions of every topic of a run: room for up to 6 instances of a service. */
  public static final int PARTITIONS = 6;
  /** Events sent (and awaited) before the measured span, so the path is proven and every instance assigned. */
  static final int PROOF_EVENTS = 2_000;
  /** The idle window before the measured span. */
  static final Duration IDLE = Duration.ofSeconds(15);
  /** One slice of the wait for the processes to settle before the idle window. */
  static final Duration SETTLE_SLICE = Duration.ofSeconds(3);
  /** The longest wait for the processes to settle; the idle window starts then anyway, and the run says so. */
  static final Duration SETTLE_MAX = Duration.ofSeconds(120);
  /** Two slices whose CPU use differs by at most this share (or {@link #SETTLE_CORES}) are settled. */
  static final double SETTLE_SHARE = 0.2;
  static final double SETTLE_CORES = 0.02;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration LAND_TIMEOUT = Duration.ofMinutes(30);

  /** The processes of one stage in a run, and what they cost. */
  public enum Stage {
    INGEST("ingest"), STREAMS("streams"), SINK("sink"), KAFKA("Kafka broker"), CLICKHOUSE("ClickHouse server"),
    REGISTRY("registry"), LOAD("load generator (bench JVM)");

    private final String label;

    Stage(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One stage of a run.
   *
   * @param cpuMicrosPerEvent CPU time of its processes over the run's span divided by the events
   * @param idleCores CPU its processes used per second of the idle window before the span (commit loops,
   *     heartbeats, merges, GC): a cost per instance and second, not per event
   * @param rssKib VmRSS of each of its processes at the end of the span, by process name
   */
  public record StageCost(Stage stage, double cpuMicrosPerEvent, double idleCores, Map<String, Long> rssKib) {

    public StageCost {
      rssKib = Collections.unmodifiableMap(new LinkedHashMap<>(rssKib));
    }

    /**
     * CPU per event beyond what the processes burn idle over the same span ({@code seconds} long, for
     * {@code events}): the marginal cost that grows with the rate, which the projection scales. At a
     * low rate (a loaded machine) the idle share is large; at the projected rates it is negligible.
     */
    public double netMicrosPerEvent(double seconds, long events) {
      return Math.max(0, cpuMicrosPerEvent - idleCores * seconds * 1e6 / events);
    }
  }

  /**
   * One run.
   *
   * @param events events accepted in the measured span (all landed in ClickHouse before it ended)
   * @param seconds from the first request of the span until the last of its events was a row
   * @param brokerBytesPerEvent bytes in the broker's log directories for the run's topics (its own and
   *     the streams application's internal ones) afterwards, divided by every event the run sent
   * @param loadBefore the machine's 1-minute load average when the span started; {@code loadAfter} when it ended
   */
  public record Run(int instances, long events, double seconds, List<StageCost> stages, double brokerBytesPerEvent,
      double loadBefore, double loadAfter, long failedRequests) {

    public Run {
      stages = List.copyOf(stages);
    }

    public double rate() {
      return events / seconds;
    }

    public StageCost stage(Stage s) {
      return stages.stream().filter(c -> c.stage() == s).findFirst().orElseThrow();
    }

    public double totalCpuMicrosPerEvent() {
      return stages.stream().mapToDouble(StageCost::cpuMicrosPerEvent).sum();
    }

    /** {@link StageCost#netMicrosPerEvent} of a stage in this run. */
    public double netMicros(Stage s) {
      return stage(s).netMicrosPerEvent(seconds, events);
    }
  }

  private ScalingStage() {}

  /** Starts a stack under {@code stateDir} and runs the pipeline once per instance count in {@code instances}. */
  public static List<Run> run(BenchPlan plan, List<Integer> instances, long events, Path stateDir, PrintStream out) {
    try (BenchStack stack = BenchStack.start(stateDir, out)) {
      List<Run> runs = new ArrayList<>();
      for (int n : instances) {
        Run run = runOnce(stack, plan, n, events, out);
        runs.add(run);
        // each run's figures as soon as it ends, so a later run that is stopped or fails does not lose them
        out.print(table(List.of(run)));
      }
      return List.copyOf(runs);
    }
  }

  private static Run runOnce(BenchStack stack, BenchPlan plan, int n, long events, PrintStream out) {
    String name = "bench-x" + n;
    String database = "bench_x" + n;
    Services.Topics topics = Services.Topics.prefixed("bench.x" + n);
    stack.createTopics(PARTITIONS, topics.all());
    out.printf("bench: [%d per service] starting %d x ingest, streams and sink on %d-partition topics ...%n", n, n,
        PARTITIONS);
    try (Fleet fleet = Fleet.start(n, stack.stateDir().resolve("x" + n),
        slot -> Services.fleetSettings(stack, slot, topics, PARTITIONS, database, name),
        (slot, settings) -> stack.startService("x" + n + "-" + slot.name(), slot.service(), settings, plan.profile()),
        READY_TIMEOUT)) {
      ClickHouseHttp ch = stack.clickhouse();
      long sent = send(fleet, plan, PROOF_EVENTS, 1).accepted();
      awaitRows(ch, database, sent, fleet);

      Map<Stage, Map<String, Long>> pids = pids(stack, fleet);
      awaitSettled(pids, n, out);
      out.printf("bench: [%d per service] %d s idle, for the CPU the processes use without events ...%n", n,
          IDLE.toSeconds());
      Map<Stage, Long> idleBefore = cpu(pids);
      long idleStart = System.nanoTime();
      Poll.sleep(IDLE);
      Map<Stage, Double> idleCores = cores(idleBefore, cpu(pids), (System.nanoTime() - idleStart) / 1e9);

      out.printf("bench: [%d per service] %,d events as fast as the ingest instances take them ...%n", n, events);
      double loadBefore = ProcStatus.loadAverage1m();
      Map<Stage, Long> cpuBefore = cpu(pids);
      long start = System.nanoTime();
      Sent span = send(fleet, plan, events, 2 + n);
      long landed = awaitRows(ch, database, sent + span.accepted(), fleet);
      Map<Stage, Long> cpuAfter = cpu(pids);
      double loadAfter = ProcStatus.loadAverage1m();
      List<StageCost> stages = new ArrayList<>();
      for (Stage s : Stage.values()) {
        Map<String, Long> rss = new LinkedHashMap<>();
        pids.get(s).forEach((process, pid) -> rss.put(process, ProcStatus.vmRssKib(pid)));
        stages.add(new StageCost(s, (cpuAfter.get(s) - cpuBefore.get(s)) / 1e3 / span.accepted(),
            idleCores.get(s), rss));
      }
      double bytes = brokerBytes(stack, topics, name) / (double) (sent + span.accepted());
      Run run = new Run(n, span.accepted(), (landed - start) / 1e9, stages, bytes, loadBefore, loadAfter,
          span.failed());
      out.printf("bench: [%d per service] %,.0f events/s, %.0f µs CPU per event in all%n", n, run.rate(),
          run.totalCpuMicrosPerEvent());
      return run;
    }
  }

  /** Events accepted by a burst of requests, and requests that failed (answered non-2xx or not at all). */
  record Sent(long accepted, long failed) {}

  /**
   * Sends unpaced through every ingest instance (the plan's connections split over them) until
   * {@code events} were accepted; in-flight requests finish, so a few more may be accepted.
   */
  private static Sent send(Fleet fleet, BenchPlan plan, long events, long seed) {
    List<String> urls = fleet.ingestUrls();
    int connections = Math.max(1, plan.connections() / urls.size());
    List<HttpLoad> loads = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      loads.add(HttpLoad.start(new HttpLoad.Config(URI.create(urls.get(i) + "/v1/batch"), Services.WRITE_KEY,
          connections, 100, 0, 0, "", seed * 1_000 + i), Duration.ZERO, LAND_TIMEOUT, null));
    }
    long deadline = System.nanoTime() + LAND_TIMEOUT.toNanos();
    while (loads.stream().mapToLong(HttpLoad::totalAccepted).sum() < events) {
      requireAlive(fleet);
      if (System.nanoTime() > deadline) {
        loads.forEach(HttpLoad::stop);
        throw new IllegalStateException("the ingest instances did not accept " + events + " events within "
            + LAND_TIMEOUT.toMinutes() + " min");
      }
      Poll.sleep(Duration.ofMillis(20));
    }
    long accepted = 0;
    long failed = 0;
    for (HttpLoad load : loads) {
      HttpLoad.Result r = load.stop();
      accepted += r.totalAccepted();
      failed += r.failedRequests();
    }
    return new Sent(accepted, failed);
  }

  /** Waits until the run's events table holds {@code rows}; returns the nanotime it was seen. */
  private static long awaitRows(ClickHouseHttp ch, String database, long rows, Fleet fleet) {
    List<ManagedProcess> services = Fleet.SERVICES.stream().flatMap(s -> fleet.processes(s).stream()).toList();
    return EndToEndStage.awaitRows(ch, database, rows, LAND_TIMEOUT, services);
  }

  private static void requireAlive(Fleet fleet) {
    for (PipelineService service : Fleet.SERVICES) {
      for (ManagedProcess p : fleet.processes(service)) {
        if (!p.isAlive()) {
          throw new IllegalStateException(p.name() + " exited; see " + p.logFile() + ":\n" + p.logTail(20));
        }
      }
    }
  }

  /** The pids of every stage's processes, by process name. */
  private static Map<Stage, Map<String, Long>> pids(BenchStack stack, Fleet fleet) {
    Map<String, Long> components = stack.componentPids();
    Map<Stage, Map<String, Long>> pids = new LinkedHashMap<>();
    pids.put(Stage.INGEST, byName(fleet.processes(PipelineService.INGEST)));
    pids.put(Stage.STREAMS, byName(fleet.processes(PipelineService.STREAMS)));
    pids.put(Stage.SINK, byName(fleet.processes(PipelineService.SINK)));
    pids.put(Stage.KAFKA, Map.of("kafka", components.get("kafka")));
    pids.put(Stage.CLICKHOUSE, Map.of("clickhouse", components.get("clickhouse")));
    pids.put(Stage.REGISTRY, Map.of("registry", components.get("registry")));
    pids.put(Stage.LOAD, Map.of("bench", ProcessHandle.current().pid()));
    return pids;
  }

  private static Map<String, Long> byName(List<ManagedProcess> processes) {
    Map<String, Long> out = new LinkedHashMap<>();
    processes.forEach(p -> out.put(p.name(), p.pid()));
    return out;
  }

  /**
   * Waits until the processes' CPU use has settled after the proof batch (the streams application finishing its
   * minutes and sessions, JIT compilation, the sink's last flushes), so the idle window measures what they burn
   * without events rather than the tail of the proof: two consecutive {@link #SETTLE_SLICE}s that
   * {@link #settled agree}, at most {@link #SETTLE_MAX}.
   */
  private static void awaitSettled(Map<Stage, Map<String, Long>> pids, int n, PrintStream out) {
    long start = System.nanoTime();
    Map<Stage, Double> previous = null;
    while (true) {
      Map<Stage, Long> before = cpu(pids);
      long at = System.nanoTime();
      Poll.sleep(SETTLE_SLICE);
      Map<Stage, Double> current = cores(before, cpu(pids), (System.nanoTime() - at) / 1e9);
      double waited = (System.nanoTime() - start) / 1e9;
      if (previous != null && settled(previous, current)) {
        out.printf(Locale.ROOT, "bench: [%d per service] settled after %.0f s%n", n, waited);
        return;
      }
      if (waited >= SETTLE_MAX.toSeconds()) {
        out.printf(Locale.ROOT, "bench: [%d per service] NOT settled after %.0f s (last slice: %s); the idle window"
            + " may hold work left from the proof batch%n", n, waited, current);
        return;
      }
      previous = current;
    }
  }

  /** CPU use in cores per stage between two readings {@code seconds} apart. */
  private static Map<Stage, Double> cores(Map<Stage, Long> before, Map<Stage, Long> after, double seconds) {
    Map<Stage, Double> cores = new LinkedHashMap<>();
    before.forEach((stage, nanos) -> cores.put(stage, (after.get(stage) - nanos) / 1e9 / seconds));
    return cores;
  }

  /**
   * Whether two consecutive slices of CPU use (cores per stage) agree: for every stage within
   * {@link #SETTLE_SHARE} of the larger, or within {@link #SETTLE_CORES} (a process at rest wobbles by a few
   * hundredths of a core whatever its share).
   */
  static boolean settled(Map<Stage, Double> previous, Map<Stage, Double> current) {
    for (Map.Entry<Stage, Double> e : current.entrySet()) {
      double a = previous.getOrDefault(e.getKey(), Double.NaN);
      double b = e.getValue();
      if (Double.isNaN(a) || Math.abs(a - b) > Math.max(SETTLE_CORES, SETTLE_SHARE * Math.max(a, b))) {
        return false;
      }
    }
    return true;
  }

  private static Map<Stage, Long> cpu(Map<Stage, Map<String, Long>> pids) {
    Map<Stage, Long> cpu = new LinkedHashMap<>();
    pids.forEach((stage, byName) -> {
      long sum = 0;
      for (Map.Entry<String, Long> p : byName.entrySet()) {
        long nanos = ProcStatus.cpuNanos(p.getValue());
        if (nanos < 0) {
          throw new IllegalStateException("no CPU time for " + p.getKey() + " (pid " + p.getValue() + ")");
        }
        sum += nanos;
      }
      cpu.put(stage, sum);
    });
    return cpu;
  }

  /** Bytes in the broker's log directories of the run's topics and of its streams application's internal topics. */
  private static long brokerBytes(BenchStack stack, Services.Topics topics, String name) {
    String internal = name + "-streams-"; // <application id>-<store or operator>-changelog|repartition
    try (Admin admin = KafkaOps.admin(stack.bootstrapServers())) {
      List<Integer> brokers = KafkaOps.get(admin.describeCluster().nodes()).stream().map(Node::id).toList();
      long bytes = 0;
      for (Map<String, LogDirDescription> dirs : KafkaOps.get(admin.describeLogDirs(brokers).allDescriptions()).values()) {
        for (LogDirDescription dir : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
            String topic = r.getKey().topic();
            if (topics.names().all().contains(topic) || topic.startsWith(internal)) {
              bytes += r.getValue().size();
            }
          }
        }
      }
      return bytes;
    }
  }

  /**
   * What the projection scales from: per stage the larger of the runs' CPU per event net of idle (so it never
   * counts on the cheaper of two measurements), and the larger broker bytes per event. The registry
   * (schema look-ups, cached by the serdes) and the load generator (the clients) are not sized.
   */
  public static HardwareProjection.Costs costs(List<Run> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no run to project from");
    }
    return new HardwareProjection.Costs(max(runs, r -> r.netMicros(Stage.INGEST)),
        max(runs, r -> r.netMicros(Stage.STREAMS)), max(runs, r -> r.netMicros(Stage.SINK)),
        max(runs, r -> r.netMicros(Stage.KAFKA)), max(runs, r -> r.netMicros(Stage.CLICKHOUSE)),
        max(runs, Run::brokerBytesPerEvent));
  }

  private static double max(List<Run> runs, ToDoubleFunction<Run> f) {
    return runs.stream().mapToDouble(f).max().orElseThrow();
  }

  /** The runs side by side (one column per instance count), then the projection from their costs. */
  public static String render(List<Run> runs, HardwareProjection.Assumptions assumptions) {
    return "Scaling: the whole pipeline with 1..N instances of each service on " + PARTITIONS + "-partition topics"
        + " (CPU = user + system time of the stage's processes over the run's span, per event; it hardly moves"
        + " with other load on the cores, events/s does; net of idle = less what the processes burn without events"
        + " over the same span, measured in a " + IDLE.toSeconds() + " s idle window before it)\n" + table(runs)
        + "On this 2-core machine a second instance of each service adds processes, not cores: the columns compare"
        + " what running several instances costs (more JVMs, consumers, transactions and commits on the same"
        + " cores), not a speed-up.\n\n"
        + HardwareProjection.render(costs(runs), assumptions, HardwareProjection.RATES)
        + "Costs: per stage the larger of the runs' CPU per event net of idle (gross minus the idle window's"
        + " CPU per second times the span, over the events).\n";
  }

  /** The runs side by side, one column per instance count. */
  static String table(List<Run> runs) {
    List<String> header = new ArrayList<>(List.of("measure"));
    runs.forEach(r -> header.add(r.instances() + (r.instances() == 1 ? " instance" : " instances") + " per service"));
    TextTable t = new TextTable(header.toArray(String[]::new));
    row(t, runs, "events (measured span)", r -> Fmt.count(r.events()));
    row(t, runs, "seconds, first request until the last event is a row", r -> Fmt.seconds(r.seconds()));
    row(t, runs, "events/s sustained (HTTP -> ClickHouse)", r -> Fmt.rate(r.rate()));
    row(t, runs, "load average, 1 min (start / end)",
        r -> String.format(Locale.ROOT, "%.1f / %.1f", r.loadBefore(), r.loadAfter()));
    row(t, runs, "failed requests", r -> Fmt.count(r.failedRequests()));
    for (Stage s : Stage.values()) {
      row(t, runs, "CPU per event: " + s.label() + " (gross / net of idle)",
          r -> micros(r.stage(s).cpuMicrosPerEvent()) + " / " + micros(r.netMicros(s)));
    }
    row(t, runs, "CPU per event: all processes", r -> micros(r.totalCpuMicrosPerEvent()));
    for (Stage s : Stage.values()) {
      row(t, runs, "CPU idle (before the span): " + s.label(),
          r -> String.format(Locale.ROOT, "%.2f cores", r.stage(s).idleCores()));
    }
    row(t, runs, "Kafka bytes written per event (all topics, 1 replica)",
        r -> String.format(Locale.ROOT, "%,.0f B", r.brokerBytesPerEvent()));
    for (Stage s : Stage.values()) {
      row(t, runs, "VmRSS " + s.label(), r -> String.join(" + ",
          r.stage(s).rssKib().values().stream().map(Fmt::mebibytes).toList()));
    }
    return t.render();
  }

  private static void row(TextTable t, List<Run> runs, String measure, java.util.function.Function<Run, String> cell) {
    List<String> cells = new ArrayList<>(List.of(measure));
    runs.forEach(r -> cells.add(cell.apply(r)));
    t.row(cells.toArray(String[]::new));
  }

  private static String micros(double v) {
    return String.format(Locale.ROOT, "%.1f µs", v);
  }
}
