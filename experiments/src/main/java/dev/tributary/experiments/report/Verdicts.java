package dev.tributary.experiments.report;

import dev.tributary.experiments.definition.Status;
import dev.tributary.experiments.report.ExperimentReport.Analysed;
import dev.tributary.experiments.report.ExperimentReport.Decision;
import dev.tributary.experiments.report.ExperimentReport.Deciding;
import dev.tributary.experiments.report.ExperimentReport.Progress;
import dev.tributary.experiments.report.ExperimentReport.Role;
import dev.tributary.experiments.report.ExperimentReport.Srm;
import dev.tributary.experiments.report.ExperimentReport.Verdict;
import dev.tributary.experiments.stats.Difference;
import dev.tributary.experiments.stats.Method;
import dev.tributary.experiments.stats.StatsResult;
import java.util.Locale;

/**
 * The plain words of a report. Which interval decides is chosen once per report ({@link #deciding}): on a live
 * test only the sequential confidence sequence may call a result, because it stays valid however often it is
 * read; a fixed-horizon interval is valid for one reading at the planned sample size, so it decides only for a
 * test stopped there. A sample-ratio mismatch overrides every verdict. The primary metric is taken to be one
 * the hypothesis wants to raise (the definitions file has no direction), so a rise is a win; guardrails and
 * other metrics are said to move up or down. Stateless.
 */
final class Verdicts {

  private Verdicts() {}

  static Deciding deciding(Status status, boolean currentPhase, Progress progress, double alpha) {
    String level = percent(alpha);
    if (status == Status.DRAFT) {
      return new Deciding(Method.SEQUENTIAL, "a draft has not started: there is nothing to decide yet");
    }
    if (status == Status.RUNNING && currentPhase) {
      return new Deciding(Method.SEQUENTIAL, "the test is live and read while data arrive: only the sequential"
          + " (anytime-valid) CI keeps its " + level + " error rate however often it is looked at; the"
          + " fixed-horizon CI and p-value are shown for reference and call nothing");
    }
    if (progress.reached()) {
      return new Deciding(Method.FIXED, "the test ended with the planned sample size reached: the fixed-horizon CI"
          + " is valid for this one final reading at the planned horizon");
    }
    return new Deciding(Method.SEQUENTIAL, "the test ended before its planned sample size"
        + (progress.plannedPerVariant().isEmpty() ? " (or it had none)" : "")
        + ": a fixed-horizon CI is valid only at the planned horizon, so the sequential CI decides");
  }

  static Verdict verdict(Role role, String metric, String variant, String control, Analysed a, Deciding deciding,
      Srm srm, Progress progress, boolean live) {
    Method method = deciding.method();
    StatsResult relative = method == Method.FIXED ? a.relativeFixed() : a.relativeSequential();
    StatsResult absolute = method == Method.FIXED ? a.absoluteFixed() : a.absoluteSequential();
    StatsResult used = relative instanceof StatsResult.Computed || !(absolute instanceof StatsResult.Computed)
        ? relative : absolute;
    if (used instanceof StatsResult.NotComputable none && none.reason() == StatsResult.Reason.TOO_FEW_UNITS) {
      return new Verdict(Decision.NOT_ENOUGH_DATA, method, "not enough data yet: " + none.message());
    }
    if (srm.mismatch()) {
      return new Verdict(Decision.UNTRUSTWORTHY, method, "not read: sample ratio " + srm.words()
          + "; assignment or exposure logging is broken, so no effect from this test can be trusted until it is"
          + " explained");
    }
    if (used instanceof StatsResult.NotComputable none) {
      return new Verdict(Decision.NOT_COMPUTABLE, method, "no effect can be computed: " + none.message());
    }
    StatsResult.Computed c = (StatsResult.Computed) used;
    String effect = effect(c) + " (" + name(method) + " CI " + interval(c) + ")";
    String words;
    Decision decision;
    if (c.interval().lower() > 0 || c.interval().upper() < 0) {
      boolean up = c.interval().lower() > 0;
      decision = up ? Decision.INCREASED : Decision.DECREASED;
      String side = up ? " lies above 0" : " lies below 0";
      if (role == Role.PRIMARY) {
        words = variant + (up ? " beats " : " loses to ") + control + " on " + metric + ": " + effect + side;
      } else {
        words = metric + " is " + (up ? "higher" : "lower") + " in " + variant + " than in " + control + ": " + effect
            + side + (role == Role.GUARDRAIL ? "; check the guardrail is not harmed" : "");
      }
    } else if (live && !progress.reached()) {
      decision = Decision.INCONCLUSIVE_SO_FAR;
      words = "no difference shown yet for " + variant + " on " + metric + ": " + effect + " includes 0; keep it"
          + " running" + progress.fraction().stream().mapToObj(f -> " (" + percent(f) + " of the planned sample)")
              .findFirst().orElse("");
    } else {
      decision = Decision.NO_DIFFERENCE_DETECTED;
      words = "no difference detected for " + variant + " on " + metric + ": " + effect + " includes 0";
    }
    if (method == Method.SEQUENTIAL && decision != Decision.INCREASED && decision != Decision.DECREASED
        && a.relativeFixed() instanceof StatsResult.Computed fixed && fixed.significant()) {
      words += "; the fixed-horizon p = " + String.format(Locale.ROOT, "%.3g", fixed.pValue().orElse(Double.NaN))
          + " is not a verdict: a fixed-horizon p-value is valid only for one look at the planned sample size";
    }
    return new Verdict(decision, method, words);
  }

  static String name(Method method) {
    return switch (method) {
      case FIXED -> "fixed-horizon";
      case SEQUENTIAL -> "sequential";
      case BAYESIAN -> "Bayesian";
    };
  }

  static String effect(StatsResult.Computed c) {
    return c.spec().difference() == Difference.RELATIVE
        ? String.format(Locale.ROOT, "%+.1f %%", 100 * c.effect())
        : String.format(Locale.ROOT, "%+.4g", c.effect());
  }

  static String interval(StatsResult.Computed c) {
    return c.spec().difference() == Difference.RELATIVE
        ? String.format(Locale.ROOT, "%+.1f %% to %+.1f %%", 100 * c.interval().lower(), 100 * c.interval().upper())
        : String.format(Locale.ROOT, "%+.4g to %+.4g", c.interval().lower(), c.interval().upper());
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
  }
}
