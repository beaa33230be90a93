package dev.tributary.bench.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.tributary.bench.query.QueryStage;
import dev.tributary.bench.stage.RestoreReport;
import dev.tributary.bench.stage.RestoreStage;
import dev.tributary.bench.projection.HardwareProjection;
import dev.tributary.bench.stage.ScalingStage;
import dev.tributary.bench.stage.StreamsVariants;
import dev.tributary.localstack.cli.StackLayout;
import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The {@code bin/bench} command (see {@link BenchArgs#USAGE}): runs the benchmark and prints the
 * results and targets tables. The wiring point: the only class that reads the command line or exits.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) {
    quietLogging();
    PrintStream out = System.out;
    BenchArgs parsed;
    try {
      parsed = BenchArgs.parse(args);
    } catch (BenchArgs.UsageException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(BenchArgs.USAGE);
      System.exit(2);
      return;
    }
    if (parsed.help()) {
      out.print(BenchArgs.USAGE);
      return;
    }
    Path stateDir = StackLayout.discover(parsed.root()).stateDir().resolve("bench");
    long start = System.nanoTime();
    try {
      String report;
      boolean stack = true;
      int failedStages = 0;
      if (parsed.queryEvents().isPresent()) {
        report = QueryStage.render(QueryStage.run(stateDir.resolve("query"), parsed.queryEvents().getAsLong(), out));
        stack = false; // the query stage runs ClickHouse alone, under its own directory
      } else if (parsed.restore()) {
        report = RestoreReport.render(RestoreStage.run(parsed.restoreSizes(), stateDir, out), loadAverage());
      } else if (!parsed.instances().isEmpty()) {
        report = ScalingStage.render(ScalingStage.run(parsed.plan(), parsed.instances(), parsed.scalingEvents(), stateDir, out),
            HardwareProjection.Assumptions.STATED);
        if (parsed.plan().profile()) {
          report += Bench.profiles(stateDir).stream().map(p -> System.lineSeparator() + p).reduce("", String::concat);
        }
      } else if (parsed.streamsVariants()) {
        StringBuilder text = new StringBuilder(StreamsVariants.render(StreamsVariants.run(parsed.plan(), stateDir, out)));
        if (parsed.plan().profile()) {
          Bench.profiles(stateDir).forEach(profile -> text.append(System.lineSeparator()).append(profile));
        }
        report = text.toString();
      } else {
        BenchResult result = Bench.run(parsed.plan(), stateDir, out);
        failedStages = result.failures().size();
        StringBuilder text = new StringBuilder(Report.render(result));
        result.profiles().forEach(profile -> text.append(System.lineSeparator()).append(profile));
        report = text.toString();
      }
      out.println();
      out.print(report);
      out.printf(java.util.Locale.ROOT, "%nbench: done in %.0f s%s%n", (System.nanoTime() - start) / 1e9,
          stack ? "; logs in " + stateDir.resolve("logs") : "");
      if (failedStages > 0) {
        System.err.println("bench: FAILED: " + failedStages + " stage(s) failed; the report above has the others");
        System.exit(1);
      }
      System.exit(0);
    } catch (RuntimeException e) {
      System.err.println("bench: FAILED: " + e.getMessage());
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them; "?" where /proc is absent. */
  private static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void quietLogging() {
    if (System.getProperty("logback.configurationFile") != null) {
      return;
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }
}
