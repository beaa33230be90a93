package dev.tributary.bench.app;

import dev.tributary.bench.report.JfrTop;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.bench.stage.EndToEndStage;
import dev.tributary.bench.stage.IngestStage;
import dev.tributary.bench.stage.SinkStage;
import dev.tributary.bench.stage.StreamsStage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One benchmark run: starts the bench stack, runs the four stages in order (each alone on the
 * machine, its references right after it), and always stops every process it started, also on
 * failure. A stage that fails is recorded and the run goes on with the next one. Used by {@link BenchMain} and the smoke test. Not thread-safe; one run at a time (the
 * stack's state-dir lock enforces it across processes).
 */
public final class Bench {

  private Bench() {}

  /** Runs {@code plan} with state in {@code stateDir}; {@code out} gets progress lines. */
  public static BenchResult run(BenchPlan plan, Path stateDir, PrintStream out) {
    BenchStack stack = BenchStack.start(stateDir, out);
    Thread hook = new Thread(stack::close, "bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<BenchResult.StageFailure> failures = new ArrayList<>();
      IngestStage.Result ingest = stage("ingest", stack, failures, out, () -> IngestStage.run(stack, plan, out));
      StreamsStage.Result streams = stage("streams", stack, failures, out, () -> StreamsStage.run(stack, plan, out));
      SinkStage.Result sink = stage("sink", stack, failures, out, () -> SinkStage.run(stack, plan, out));
      EndToEndStage.Result e2e = stage("end to end", stack, failures, out, () -> EndToEndStage.run(stack, plan, out));
      stack.close();
      return new BenchResult(plan, ingest, streams, sink, e2e, failures, plan.profile() ? profiles(stateDir) : List.of());
    } finally {
      stack.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down: the hook runs (close is idempotent)
      }
    }
  }

  /**
   * Runs one stage. A stage that throws is recorded in {@code failures} and its leftover service
   * processes are stopped, so that the next stage still runs alone and the stages that did finish
   * are still reported (a 30-minute run is not thrown away for its last stage).
   */
  private static <T> T stage(String name, BenchStack stack, List<BenchResult.StageFailure> failures, PrintStream out,
      Supplier<T> body) {
    long since = System.nanoTime();
    try {
      T result = body.get();
      out.printf(Locale.ROOT, "bench: %s stage took %.0f s%n", name, (System.nanoTime() - since) / 1e9);
      return result;
    } catch (RuntimeException e) {
      out.printf(Locale.ROOT, "bench: %s stage FAILED after %.0f s: %s%n", name, (System.nanoTime() - since) / 1e9,
          e.getMessage());
      e.printStackTrace(out);
      failures.add(new BenchResult.StageFailure(name, String.valueOf(e.getMessage())));
      stack.stopServices();
      return null;
    }
  }

  /** The hottest methods of every JFR profile the run recorded under {@code stateDir}. */
  public static List<String> profiles(Path stateDir) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(stateDir)) {
      for (Path jfr : files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList()) {
        try {
          out.add(JfrTop.summarise(jfr, 12));
        } catch (IOException | RuntimeException e) {
          out.add(jfr.getFileName() + ": unreadable (" + e.getMessage() + ")");
        }
      }
    } catch (IOException e) {
      out.add("no profiles: " + e.getMessage());
    }
    return out;
  }
}
