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
import java.util.stream.Stream;

/**
 * One benchmark run: starts the bench stack, runs the four stages in order (each alone on the
 * machine, its references right after it), and always stops every process it started, also on
 * failure. Used by {@link BenchMain} and the smoke test. Not thread-safe; one run at a time (the
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
      long t = System.nanoTime();
      IngestStage.Result ingest = IngestStage.run(stack, plan, out);
      t = took(out, "ingest", t);
      StreamsStage.Result streams = StreamsStage.run(stack, plan, out);
      t = took(out, "streams", t);
      SinkStage.Result sink = SinkStage.run(stack, plan, out);
      t = took(out, "sink", t);
      EndToEndStage.Result e2e = EndToEndStage.run(stack, plan, out);
      took(out, "end to end", t);
      stack.close();
      return new BenchResult(plan, ingest, streams, sink, e2e, plan.profile() ? profiles(stateDir) : List.of());
    } finally {
      stack.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down: the hook runs (close is idempotent)
      }
    }
  }

  private static long took(PrintStream out, String stage, long since) {
    long now = System.nanoTime();
    out.printf(java.util.Locale.ROOT, "bench: %s stage took %.0f s%n", stage, (now - since) / 1e9);
    return now;
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
