package dev.tributary.bench.stage;

import dev.tributary.bench.app.BenchPlan;
import dev.tributary.bench.report.TextTable;
import dev.tributary.bench.stack.BenchStack;
import dev.tributary.streams.config.StreamsSettings;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The audit ledger's cost ({@code bin/bench --compare-audit}): the streams stage twice on one stack,
 * each on its own pre-filled raw topic of the same size, first with the ledger on (the default),
 * then with {@code audit.enabled=false}, and the events/s of both.
 *
 * <p>Stateless; one run at a time.
 */
public final class AuditCostStage {

  /** Both runs of the streams stage. */
  public record Result(StreamsStage.Result ledgerOn, StreamsStage.Result ledgerOff) {

    /** Throughput lost to the ledger, as a fraction of the rate without it (negative: none measurable). */
    public double cost() {
      return 1 - ledgerOn.rate() / ledgerOff.rate();
    }
  }

  private AuditCostStage() {}

  public static Result run(BenchStack stack, BenchPlan plan, PrintStream out) {
    StreamsStage.Result on = StreamsStage.run(stack, plan, out, "streams-ledger-on", Map.of());
    StreamsStage.Result off = StreamsStage.run(stack, plan, out, "streams-ledger-off",
        Map.of(StreamsSettings.AUDIT_ENABLED, "false"));
    return new Result(on, off);
  }

  /** The two runs side by side, and the cost. */
  public static String render(Result r) {
    TextTable t = new TextTable("streams stage", "events/s", "seconds", "input / clean / dead letters");
    row(t, "audit ledger on", r.ledgerOn());
    row(t, "audit ledger off", r.ledgerOff());
    return t.render() + String.format(Locale.ROOT, "audit ledger cost: %.1f %% of the streams stage's throughput%n",
        100 * r.cost());
  }

  private static void row(TextTable t, String label, StreamsStage.Result s) {
    t.row(label, String.format(Locale.ROOT, "%,.0f", s.rate()), String.format(Locale.ROOT, "%.1f", s.seconds()),
        s.input() + " / " + s.clean() + " / " + s.deadLetters() + (s.completed() ? "" : " (did not finish)"));
  }
}
