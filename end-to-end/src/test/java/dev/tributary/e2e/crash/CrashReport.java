package dev.tributary.e2e.crash;

import dev.tributary.e2e.crash.Reconciler.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The result of a crash-test run as the table the issue asks for: per killed process the numbers
 * of its phase (events acknowledged in that phase, their rows in {@code events_v}, acknowledged
 * ids missing, extra copies ever inserted into the raw {@code events} table), then the totals and the run-wide
 * checks. Immutable.
 */
public record CrashReport(CrashOptions options, List<Phase> phases, long viewRows, long rawRows,
    long insertedRows, long distinctAcked, long unacknowledgedRows, long retries, List<String> problems, Duration elapsed) {

  /** One phase: the process killed, how often, and what happened to the events of the phase. */
  public record Phase(CrashTarget target, int kills, int killsAtMoment, Outcome outcome, Duration elapsed) {}

  public CrashReport {
    phases = List.copyOf(phases);
    problems = List.copyOf(problems);
  }

  public Outcome total() {
    return phases.stream().map(Phase::outcome).reduce(new Outcome(0, 0, 0, 0), Outcome::plus);
  }

  /** True when nothing was lost or duplicated anywhere and the view holds exactly the acked ids. */
  public boolean exactlyOnce() {
    Outcome t = total();
    return t.lost() == 0 && t.duplicated() == 0 && viewRows == distinctAcked && rawRows == distinctAcked
        && insertedRows == distinctAcked && unacknowledgedRows == 0 && problems.isEmpty();
  }

  /** The table, ready to print. */
  public String table() {
    StringBuilder s = new StringBuilder();
    String line = "-".repeat(92) + "\n";
    s.append(String.format(Locale.ROOT, "Crash test: %s%n", options));
    s.append(line);
    s.append(String.format(Locale.ROOT, "%-14s %6s %10s %13s %12s %8s %11s %10s%n", "process killed", "kills",
        "at moment", "events acked", "rows landed", "lost", "duplicated", "phase"));
    s.append(line);
    for (Phase p : phases) {
      row(s, p.target().label(), p.kills(), p.killsAtMoment(), p.outcome(), p.elapsed());
    }
    s.append(line);
    row(s, "total", phases.stream().mapToInt(Phase::kills).sum(), phases.stream().mapToInt(Phase::killsAtMoment).sum(),
        total(), elapsed);
    s.append(line);
    s.append(String.format(Locale.ROOT, "distinct acked ids %d | rows in events_v %d | rows in raw events %d"
        + " | rows ever inserted %d | rows of never-acked ids %d | client retries %d%n", distinctAcked, viewRows,
        rawRows, insertedRows, unacknowledgedRows, retries));
    problems.forEach(p -> s.append("PROBLEM: ").append(p).append('\n'));
    s.append(exactlyOnce() ? "RESULT: exactly once\n" : "RESULT: NOT exactly once\n");
    return s.toString();
  }

  private static void row(StringBuilder s, String name, int kills, int atMoment, Outcome o, Duration elapsed) {
    s.append(String.format(Locale.ROOT, "%-14s %6d %10d %13d %12d %8d %11d %9.1fs%n", name, kills, atMoment,
        o.acked(), o.landed(), o.lost(), o.duplicated(), elapsed.toMillis() / 1000.0));
  }
}
