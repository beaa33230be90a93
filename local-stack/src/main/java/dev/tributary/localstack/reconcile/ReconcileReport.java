package dev.tributary.localstack.reconcile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code tributary reconcile} concludes from the rows of the reconciliation view, and the text
 * it prints. A closed minute that does not balance is a gap; an open minute that does not balance
 * yet is pending (a stage has not reported past it, so its rows may still be on their way) and
 * fails nothing. Pure; immutable.
 *
 * @param gaps closed minutes that do not balance
 * @param pending open minutes that do not balance yet
 * @param checked every row read
 */
public record ReconcileReport(List<MinuteBalance> gaps, List<MinuteBalance> pending, List<MinuteBalance> checked) {

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String ROW = "%-16s  %-16s %9s %9s %9s %9s %9s %9s %7s %9s %9s%n";

  public ReconcileReport {
    gaps = List.copyOf(gaps);
    pending = List.copyOf(pending);
    checked = List.copyOf(checked);
  }

  /** The conclusion over {@code rows}. */
  public static ReconcileReport of(List<MinuteBalance> rows) {
    return new ReconcileReport(
        rows.stream().filter(r -> r.closed() && r.unbalanced()).toList(),
        rows.stream().filter(r -> !r.closed() && r.unbalanced()).toList(),
        rows);
  }

  /** True when no closed minute has a gap. */
  public boolean reconciles() {
    return gaps.isEmpty();
  }

  /** The text to print for the range {@code [since, until)}. */
  public String render(Instant since, Optional<Instant> until) {
    StringBuilder s = new StringBuilder();
    String range = MINUTE.format(since) + until.map(u -> " until " + MINUTE.format(u)).orElse("") + " UTC";
    if (reconciles()) {
      long closed = checked.stream().filter(MinuteBalance::closed).count();
      s.append("every minute since ").append(range).append(" reconciles (")
          .append(closed).append(closed == 1 ? " closed minute-source checked" : " closed minute-sources checked")
          .append(")\n");
    } else {
      s.append(gaps.size()).append(gaps.size() == 1 ? " minute does not reconcile" : " minutes do not reconcile")
          .append(" since ").append(range)
          .append(" (gap = accepted - clean landed - dead landed - duplicates; positive: missing, negative: extra)\n");
      table(s, gaps);
    }
    long tooLate = checked.stream().mapToLong(MinuteBalance::tooLate).sum();
    if (tooLate > 0) {
      s.append(tooLate).append(tooLate == 1 ? " event" : " events").append(" of this range came too late for the minute")
          .append(" metrics: each is in the events table and in metrics_too_late (too_late_events next to its final")
          .append(" minute in metrics_minute_v), not in that minute's count\n");
    }
    if (!pending.isEmpty()) {
      s.append(pending.size()).append(" open minute(s) not balanced yet (a stage has not reported past them):\n");
      table(s, pending);
    }
    // every row carries the same stage progress, as of the query; the last is as good as any
    checked.stream().reduce((first, second) -> second).ifPresent(r -> s.append("stage lag: transform-streams ")
        .append(r.streamsLagSeconds()).append(" s, sink ").append(r.sinkLagSeconds()).append(" s\n"));
    return s.toString();
  }

  private static void table(StringBuilder s, List<MinuteBalance> rows) {
    s.append(String.format(Locale.ROOT, ROW, "minute (UTC)", "source", "accepted", "clean", "dead", "dupes",
        "rejected", "too_late", "gap", "clean_gap", "dead_gap"));
    for (MinuteBalance r : rows) {
      s.append(String.format(Locale.ROOT, ROW, MINUTE.format(r.minute()), r.source().isEmpty() ? "(undecodable)" : r.source(),
          r.accepted(), r.cleanLanded(), r.deadLanded(), r.duplicates(), r.rejected(), r.tooLate(), r.gap(), r.cleanGap(),
          r.deadGap()));
    }
  }
}
