package dev.tributary.e2e.multi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.bench.fleet.Fleet;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.e2e.crash.CrashTarget;
import dev.tributary.e2e.crash.LoadGenerator;
import dev.tributary.e2e.crash.PipelineProcesses;
import dev.tributary.e2e.crash.PipelineProcesses.Wiring;
import dev.tributary.e2e.crash.Reconciler;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.service.PipelineService;
import dev.tributary.localstack.service.ServiceClassPath;
import dev.tributary.localstack.service.ServiceLauncher;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two instances each of ingest, streams and sink, every one its own process, on 6-partition topics
 * (the services create them from {@code topic.partitions}), while a client sends through both
 * ingest instances: instances are SIGKILLed or stopped and restarted under load, forcing rebalances
 * of the streams application and of the sink's group. Every acknowledged event must land exactly
 * once, counted on the raw {@code events} table of a server that never merges (by event id and by
 * topic/partition/offset), and the minute metrics must equal a recomputation from the events.
 *
 * <p>The default plan is short and fixed (three membership changes, each after a number of
 * acknowledged events, so it waits on conditions, not on the clock); {@code -Dmulti.it.long=true}
 * runs a longer seeded plan ({@code -Dmulti.it.seed=N}) over all six instances at a higher rate and
 * prints the result table.
 */
class MultiInstanceIT {

  private static final int PARTITIONS = 6;
  private static final int INSTANCES = 2;
  private static final boolean LONG = Boolean.getBoolean("multi.it.long");
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  /** Kill (SIGKILL) or stop (SIGTERM) {@code instance} once {@code afterAcked} more events were acknowledged, then restart it. */
  record Step(String instance, boolean kill, int afterAcked) {}

  /** What a run does: load rate, client threads, steps, and events acknowledged after the last step. */
  record Plan(double rate, int threads, List<Step> steps, int tailEvents) {

    static Plan shortPlan() {
      return new Plan(200, 2, List.of(
          new Step(Fleet.name(PipelineService.SINK, 1), true, 500),
          new Step(Fleet.name(PipelineService.STREAMS, 2), true, 500),
          new Step(Fleet.name(PipelineService.INGEST, 1), false, 500)), 500);
    }

    static Plan longPlan(long seed) {
      Random random = new Random(seed);
      List<String> names = new ArrayList<>();
      for (PipelineService service : Fleet.SERVICES) {
        for (int i = 1; i <= INSTANCES; i++) {
          names.add(Fleet.name(service, i));
        }
      }
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        steps.add(new Step(names.get(random.nextInt(names.size())), random.nextInt(3) > 0,
            2_000 + random.nextInt(4_000)));
      }
      return new Plan(1_500, 4, steps, 5_000);
    }
  }

  @Test
  void shouldLandEveryAcknowledgedEventOnceAndKeepMinuteMetricsExactWhileInstancesComeAndGo() throws Exception {
    long seed = Long.getLong("multi.it.seed", System.nanoTime() % 100_000);
    Plan plan = LONG ? Plan.longPlan(seed) : Plan.shortPlan();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String database = "multi";
    TopicNames topics = TopicNames.prefixed(Datasets.ALL, "multi-" + id + ".");
    Path dir = Files.createDirectories(Path.of("target", "multi-it", id).toAbsolutePath());
    // a server of its own that never merges (as the crash test's): every row ever inserted stays a row,
    // so a duplicate cannot be merged away, and many small parts are not refused
    PipelineProcesses.writeNoMergesConfig(dir.resolve("clickhouse"));
    try (ClickHouseProcess server = ClickHouseProcess.start(dir.resolve("clickhouse"), dir.resolve("logs/clickhouse.log"),
        Ports.free(), Ports.free())) {
      ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl());
      Wiring wiring = new Wiring(TestKafka.bootstrapServers(), TestRegistry.url(), server.httpUrl(), database,
          topics, "multi-" + id, PARTITIONS);
      run(plan, seed, dir, wiring, topics, clickhouse);
    }
  }

  private static void run(Plan plan, long seed, Path dir, Wiring wiring, TopicNames topics, ClickHouseHttp clickhouse)
      throws Exception {
    String database = wiring.database();
    // created once here, with the partitions the services are configured with, rather than raced by six processes
    TestKafka.createTopics(PARTITIONS, topics.all().toArray(String[]::new));
    System.out.printf("[multi] %s plan, seed %d; logs in %s%n", LONG ? "long" : "short", seed, dir.resolve("logs"));

    try (Fleet fleet = start(wiring, dir)) {
      LoadGenerator load = LoadGenerator.start(fleet.ingestUrls(), PipelineProcesses.WRITE_KEY, plan.threads(),
          plan.rate());
      int kills = 0;
      int stops = 0;
      try {
        for (Step step : plan.steps()) {
          awaitAcked(load, load.ackedCount() + step.afterAcked());
          if (step.kill()) {
            fleet.kill(step.instance());
            kills++;
          } else {
            fleet.stop(step.instance());
            stops++;
          }
          fleet.restart(step.instance());
          System.out.printf("[multi] %s %s and restarted it at %d acked%n", step.kill() ? "killed" : "stopped",
              step.instance(), load.ackedCount());
        }
        load.stopWhenAcked(load.ackedCount() + plan.tailEvents());
        assertThat(load.awaitFinished(STEP_TIMEOUT)).as("the client finished").isTrue();
      } finally {
        load.close();
      }
      assertThat(load.failure()).isEmpty();
      Set<String> acked = load.acked();
      assertThat(load.unacked()).as("every event sent was acknowledged in the end").isEmpty();

      Reconciler reconciler = new Reconciler(clickhouse, database);
      assertThat(reconciler.awaitSettled(acked.size(), STEP_TIMEOUT)).as("events_v reached every acked event").isTrue();
      Reconciler.Snapshot snapshot = reconciler.snapshot();
      Reconciler.Outcome outcome = snapshot.outcome(acked);
      long offsetDuplicates = Long.parseLong(clickhouse.query("SELECT count() - uniqExact(_topic, _partition, _offset)"
          + " FROM " + database + ".events").strip());
      boolean metricsExact = reconciler.awaitMinuteMetricsEqualRecomputation(Duration.ofSeconds(90));
      printTable(plan, fleet, acked.size(), outcome, offsetDuplicates, snapshot, kills, stops, metricsExact);

      assertThat(snapshot.maxMergeLevel()).as("no part of events was merged").isZero();
      assertThat(outcome.lost()).as("acknowledged events missing").isZero();
      assertThat(outcome.duplicated()).as("extra rows of acknowledged events (raw table, by event id)").isZero();
      assertThat(offsetDuplicates).as("extra rows by topic/partition/offset").isZero();
      assertThat(snapshot.unacknowledged(acked)).as("events never acknowledged").isEmpty();
      assertThat(metricsExact).as("metrics_minute_v equals the recomputation from events_v").isTrue();
    }
  }

  /**
   * Two instances of each service with the crash test's settings ({@link PipelineProcesses#settings}: short
   * session timeouts, so a killed member's partitions move in seconds) and its small JVMs.
   */
  private static Fleet start(Wiring wiring, Path dir) {
    ServiceLauncher launcher = new ServiceLauncher(ServiceClassPath.current(), dir, Duration.ofSeconds(20));
    return Fleet.start(INSTANCES, dir,
        slot -> PipelineProcesses.settings(target(slot.service()), wiring, slot.ingestPort(), slot.stateDir()),
        (slot, settings) -> PipelineProcesses.launch(launcher, target(slot.service()), slot.service().mainClass(),
            slot.name(), settings, dir.resolve("logs").resolve(slot.name() + ".log")),
        READY_TIMEOUT);
  }

  private static CrashTarget target(PipelineService service) {
    return CrashTarget.valueOf(service.name());
  }

  private static void awaitAcked(LoadGenerator load, int target) throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (load.ackedCount() < target) {
      assertThat(load.failure()).isEmpty();
      assertThat(System.nanoTime()).as("%d events acknowledged within %s", target, STEP_TIMEOUT).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static void printTable(Plan plan, Fleet fleet, int acked, Reconciler.Outcome outcome, long offsetDuplicates,
      Reconciler.Snapshot snapshot, int kills, int stops, boolean metricsExact) throws IOException {
    long takeovers = 0;
    for (String name : fleet.names()) {
      if (name.startsWith("sink")) {
        takeovers += Files.readAllLines(fleet.logFile(name)).stream().filter(l -> l.contains("Resuming ")).count();
      }
    }
    System.out.printf(Locale.ROOT, """
        [multi] | events acked | landed (events_v) | lost | duplicates (event id) | duplicates (topic/partition/offset) \
        | raw rows | SIGKILLs | stops | membership changes | sink partition resumes | minute metrics |
        [multi] | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |
        """, acked, outcome.landed(), outcome.lost(), outcome.duplicated(), offsetDuplicates, snapshot.rawRows(),
        kills, stops, 2 * plan.steps().size(), takeovers, metricsExact ? "= recomputation" : "DIFFER");
  }

}
