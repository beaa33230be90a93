package dev.tributary.e2e.crash;

import dev.tributary.e2e.audit.LedgerBalance;
import dev.tributary.e2e.crash.CrashReport.Phase;
import dev.tributary.e2e.crash.Reconciler.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs a whole crash test: starts the pipeline as separate processes, then one phase per
 * {@link CrashScenario} (load flows while its process is killed and restarted; the phase ends once
 * its events are acknowledged and the warehouse settled), then reconciles everything acknowledged
 * against ClickHouse. Every process is killed when the run ends, also on failure.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class CrashTestRunner {

  private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);

  private CrashTestRunner() {}

  public static CrashReport run(CrashOptions options) throws InterruptedException {
    System.out.printf("[crash] %s%n[crash] seed %d (rerun with -Dcrash.seed=%d)%n", options, options.seed(),
        options.seed());
    Instant start = Instant.now();
    Random random = new Random(options.seed());
    List<String> problems = new ArrayList<>();
    Map<CrashTarget, Set<String>> ackedByPhase = new EnumMap<>(CrashTarget.class);
    List<Phase> phases = new ArrayList<>();
    Set<String> allAcked = new HashSet<>();
    long retries = 0;
    try (PipelineProcesses pipeline = PipelineProcesses.start(options.dir(), options.disabled())) {
      System.out.printf("[crash] pipeline up in %d s; logs in %s%n",
          Duration.between(start, Instant.now()).toSeconds(), options.dir().resolve("logs"));
      Reconciler reconciler = new Reconciler(pipeline.clickhouse(), PipelineProcesses.DATABASE);
      for (CrashScenario scenario : options.scenarios()) {
        Instant phaseStart = Instant.now();
        double rate = scenario.events() / expectedSeconds(scenario);
        LoadGenerator load = LoadGenerator.start(pipeline.ingestUrl(), PipelineProcesses.WRITE_KEY, options.threads(),
            rate);
        List<Killer.Kill> kills;
        try {
          kills = new Killer(pipeline, random, load::inFlight).run(scenario);
          load.stopWhenAcked(scenario.events());
          if (!load.awaitFinished(Duration.ofMinutes(6))) {
            problems.add(scenario.target().label() + " phase: the load generator did not finish");
          }
        } finally {
          load.close();
        }
        load.failure().ifPresent(f -> problems.add(scenario.target().label() + " phase: load generator: " + f));
        if (!load.unacked().isEmpty()) {
          problems.add(scenario.target().label() + " phase: " + load.unacked().size() + " events never acknowledged");
        }
        retries += load.retries();
        ackedByPhase.put(scenario.target(), load.acked());
        allAcked.addAll(load.acked());
        if (!reconciler.awaitSettled(allAcked.size(), SETTLE_TIMEOUT)) {
          problems.add(scenario.target().label() + " phase: events_v did not reach " + allAcked.size()
              + " rows within " + SETTLE_TIMEOUT.toSeconds() + " s");
        }
        int atMoment = (int) kills.stream().filter(k -> k.atMoment() && k.moment() != CrashTarget.KillMoment.ANY_TIME)
            .count();
        phases.add(new Phase(scenario.target(), kills.size(), atMoment, null, Duration.between(phaseStart, Instant.now())));
        System.out.printf("[crash] %s phase done: %d events acked, %d client retries, %d s%n",
            scenario.target().label(), load.ackedCount(), load.retries(),
            Duration.between(phaseStart, Instant.now()).toSeconds());
      }
      Snapshot snapshot = reconciler.snapshot();
      LedgerBalance.unbalanced(pipeline.clickhouse(), PipelineProcesses.DATABASE, start.minusSeconds(60),
              Duration.ofMinutes(2))
          .ifPresent(table -> problems.add("the audit ledger does not balance:\n" + table));
      if (snapshot.maxMergeLevel() != 0) {
        problems.add("a part of events was merged (level " + snapshot.maxMergeLevel()
            + "): the raw count is not rows ever inserted; is the no-merges config.d override in place?");
      }
      List<Phase> reconciled = new ArrayList<>();
      for (Phase p : phases) {
        reconciled.add(new Phase(p.target(), p.kills(), p.killsAtMoment(),
            snapshot.outcome(ackedByPhase.get(p.target())), p.elapsed()));
      }
      long viewRows = snapshot.viewRows().values().stream().mapToLong(Integer::longValue).sum();
      return new CrashReport(options, reconciled, viewRows, snapshot.rawRows(), snapshot.insertedRows(), allAcked.size(),
          snapshot.unacknowledged(allAcked).size(), retries, problems, Duration.between(start, Instant.now()));
    }
  }

  /** Roughly how long a phase takes, so its events spread over all of its kills. */
  private static double expectedSeconds(CrashScenario s) {
    double recovery = switch (s.target()) {
      case INGEST -> 3;
      case STREAMS, SINK -> 10;
      case CLICKHOUSE -> 1;
      case KAFKA -> 8;
      case REGISTRY -> 12;
    };
    double pause = (s.minPause().toMillis() + s.maxPause().toMillis()) / 2000.0;
    return s.kills() * (pause + s.maxDowntime().toMillis() / 2000.0 + recovery) + 2;
  }
}
