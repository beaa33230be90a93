package dev.tributary.bench.stage;

import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.report.TextTable;
import dev.tributary.bench.stack.BenchStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/bench --streams-variants}: the streams stage alone, once per {@link StreamsStage.Variant}
 * (defaults first), each from its own pre-filled raw topic of the plan's size, on one stack; prints
 * events/s of each and what the switched-off features cost per event against the defaults
 * (1/rate − 1/rate of the defaults: wall-clock time of one streams instance per event). Not
 * thread-safe; one run at a time.
 */
public final class StreamsVariants {

  /** One variant's run. */
  public record Run(StreamsStage.Variant variant, StreamsStage.Result result) {}

  private StreamsVariants() {}

  /** Starts a stack under {@code stateDir} and runs every variant on it. */
  public static List<Run> run(BenchPlan plan, Path stateDir, PrintStream out) {
    try (BenchStack stack = BenchStack.start(stateDir, out)) {
      List<Run> runs = new ArrayList<>();
      for (StreamsStage.Variant variant : StreamsStage.Variant.all()) {
        runs.add(new Run(variant, StreamsStage.run(stack, plan, out, variant)));
      }
      return List.copyOf(runs);
    }
  }

  /** The table: events/s per variant, and the defaults' extra time per event over each other variant. */
  public static String render(List<Run> runs) {
    TextTable t = new TextTable("streams settings", "events/s", "CPU per event", "seconds",
        "input / clean / dead letters", "defaults cost per event over this (wall / CPU)");
    double reference = runs.get(0).result().rate();
    double referenceCpu = runs.get(0).result().cpuMicrosPerEvent();
    for (Run r : runs) {
      StreamsStage.Result s = r.result();
      String cost = r == runs.get(0) ? "reference"
          : String.format(Locale.ROOT, "%+.1f µs / %+.1f µs", (1 / reference - 1 / s.rate()) * 1e6,
              referenceCpu - s.cpuMicrosPerEvent());
      t.row(r.variant().name(), String.format(Locale.ROOT, "%,.0f/s", s.rate()),
          String.format(Locale.ROOT, "%.1f µs", s.cpuMicrosPerEvent()),
          String.format(Locale.ROOT, "%.1f s", s.seconds()),
          String.format(Locale.ROOT, "%,d / %,d / %,d", s.input(), s.clean(), s.deadLetters())
              + (s.completed() ? "" : " (did not finish)"), cost);
    }
    return "Streams stage per settings (raw -> clean + metrics, exactly-once, one instance; CPU = the streams"
        + " process's user + system time per event, which other load on the cores hardly moves)\n" + t.render();
  }
}
