package dev.tributary.experiments.report;

import dev.tributary.experiments.report.ExperimentReport.Analysed;
import dev.tributary.experiments.report.ExperimentReport.ArmValue;
import dev.tributary.experiments.report.ExperimentReport.Comparison;
import dev.tributary.experiments.report.ExperimentReport.MetricReport;
import dev.tributary.experiments.report.ExperimentReport.VariantUnits;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.StatsResult;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@link ExperimentReport} as text for a terminal: the variants and their units, the SRM and sample-size
 * lines, then per metric its values, each treatment's effect with both intervals and the verdict. Stateless.
 */
public final class ReportTable {

  private static final String NL = System.lineSeparator();

  private ReportTable() {}

  public static String render(ExperimentReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Experiment ").append(r.key()).append(", phase ").append(r.phase()).append(" (")
        .append(r.status().code()).append(')').append(NL);
    r.hypothesis().ifPresent(h -> sb.append("Hypothesis: ").append(h).append(NL));
    sb.append(String.format(Locale.ROOT, "Verdicts rest on the %s CI at alpha %s (N* %.0f): %s%n",
        Verdicts.name(r.deciding().method()), Double.toString(r.alpha()), r.sequentialTuning(), r.deciding().why()));
    sb.append(NL).append(String.format(Locale.ROOT, "  %-16s %7s %9s %9s  %-20s  %-20s%n", "variant", "weight",
        "units", "excluded", "first exposure", "last exposure"));
    for (VariantUnits v : r.variants()) {
      sb.append(String.format(Locale.ROOT, "  %-16s %7.3f %9d %9d  %-20s  %-20s%n", v.variationId(),
          v.designedWeight(), v.units(), v.excludedUnits(), time(v.firstExposure()), time(v.lastExposure())));
    }
    sb.append("Excluded (exposed to more than one variant): ").append(r.excludedUnits()).append(NL);
    sb.append("Sample ratio: ").append(r.srm().words()).append(NL);
    sb.append("Sample size: ").append(r.progress().words()).append(NL);
    for (MetricReport m : r.metrics()) {
      sb.append(NL).append(m.metric()).append(" (").append(m.role().name().toLowerCase(Locale.ROOT))
          .append(m.kind().map(k -> ", " + k.name().toLowerCase(Locale.ROOT)).orElse(""))
          .append(m.cuped() ? ", CUPED" : "").append(')').append(NL);
      if (!m.values().isEmpty()) {
        sb.append(String.format(Locale.ROOT, "  %-16s %9s %12s  %9s  %-34s  %-22s  %s%n", "variant", "units", "value",
            "effect", "fixed-horizon CI (p)", "sequential CI", "chance to win"));
      }
      for (ArmValue v : m.values()) {
        Optional<Comparison> c = m.comparisons().stream().filter(x -> x.variationId().equals(v.variationId()))
            .findFirst();
        sb.append(String.format(Locale.ROOT, "  %-16s %9d %12s", v.variationId(), v.units(),
            value(v.value(), m.kind().orElse(MetricKind.MEAN))));
        c.ifPresent(comparison -> sb.append(effects(comparison)));
        sb.append(NL);
      }
      sb.append("  verdict: ").append(m.summary()).append(NL);
    }
    r.notes().forEach(n -> sb.append("Note: ").append(n).append(NL));
    return sb.toString();
  }

  private static String effects(Comparison c) {
    if (!(c.analysis() instanceof Analysed a)) {
      return "  (sums invalid)";
    }
    String effect = a.relativeFixed() instanceof StatsResult.Computed f ? Verdicts.effect(f) : "n/a";
    String fixed = a.relativeFixed() instanceof StatsResult.Computed f
        ? Verdicts.interval(f) + String.format(Locale.ROOT, " (p %.3g)", f.pValue().orElse(Double.NaN))
        : reason(a.relativeFixed());
    String sequential = a.relativeSequential() instanceof StatsResult.Computed s ? Verdicts.interval(s)
        : reason(a.relativeSequential());
    String chance = a.chanceToWin().isPresent() ? Verdicts.percent(a.chanceToWin().getAsDouble()) : "n/a";
    return String.format(Locale.ROOT, "  %9s  %-34s  %-22s  %s", effect, fixed, sequential, chance);
  }

  private static String reason(StatsResult result) {
    return result instanceof StatsResult.NotComputable n ? n.reason().name().toLowerCase(Locale.ROOT) : "n/a";
  }

  private static String value(double value, MetricKind kind) {
    if (!Double.isFinite(value)) {
      return "n/a";
    }
    return kind == MetricKind.PROPORTION ? String.format(Locale.ROOT, "%.2f %%", 100 * value)
        : String.format(Locale.ROOT, "%.4g", value);
  }

  private static String time(Optional<Instant> t) {
    return t.map(i -> i.toString().replace('T', ' ').replace("Z", "")).orElse("-");
  }
}
