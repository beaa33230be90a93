package dev.tributary.console.experiments;

import dev.tributary.console.warehouse.QueryResult;
import dev.tributary.experiments.report.ExperimentReport;
import dev.tributary.experiments.report.ExperimentReport.Analysed;
import dev.tributary.experiments.report.ExperimentReport.ArmValue;
import dev.tributary.experiments.report.ExperimentReport.Comparison;
import dev.tributary.experiments.report.ExperimentReport.MetricReport;
import dev.tributary.experiments.stats.StatsResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An experiment report as one table, for the result card's CSV: one row per metric and variant with its units
 * and value, and for a treatment its relative effect against the control with the fixed-horizon CI and p-value,
 * the sequential CI, the chance to win and the verdict. Empty cells where a number does not exist (the control's
 * effect, an effect that is not computable).
 *
 * <p>Pure; thread-safe.
 */
public final class ReportCsv {

  static final List<String> COLUMNS = List.of("metric", "role", "kind", "variation_id", "units", "value",
      "relative_effect", "fixed_ci_low", "fixed_ci_high", "fixed_p_value", "sequential_ci_low", "sequential_ci_high",
      "chance_to_win", "decision", "verdict");

  private ReportCsv() {}

  /** The table, shaped like a query's answer so the console's CSV writer writes it. */
  public static QueryResult table(ExperimentReport report, long elapsedMillis) {
    List<List<Object>> rows = new ArrayList<>();
    for (MetricReport m : report.metrics()) {
      for (ArmValue v : m.values()) {
        Optional<Comparison> c = m.comparisons().stream().filter(x -> x.variationId().equals(v.variationId()))
            .findFirst();
        List<Object> row = new ArrayList<>(Arrays.asList(m.metric(), lower(m.role()),
            m.kind().map(ReportCsv::lower).orElse(null), v.variationId(), v.units(), finite(v.value())));
        Optional<Analysed> analysed = c.map(Comparison::analysis).filter(Analysed.class::isInstance)
            .map(Analysed.class::cast);
        Optional<StatsResult.Computed> fixed = analysed.map(Analysed::relativeFixed)
            .filter(StatsResult.Computed.class::isInstance).map(StatsResult.Computed.class::cast);
        Optional<StatsResult.Computed> sequential = analysed.map(Analysed::relativeSequential)
            .filter(StatsResult.Computed.class::isInstance).map(StatsResult.Computed.class::cast);
        row.add(fixed.map(StatsResult.Computed::effect).orElse(null));
        row.add(fixed.map(r -> r.interval().lower()).orElse(null));
        row.add(fixed.map(r -> r.interval().upper()).orElse(null));
        row.add(fixed.filter(r -> r.pValue().isPresent()).map(r -> r.pValue().getAsDouble()).orElse(null));
        row.add(sequential.map(r -> r.interval().lower()).orElse(null));
        row.add(sequential.map(r -> r.interval().upper()).orElse(null));
        row.add(analysed.filter(a -> a.chanceToWin().isPresent()).map(a -> a.chanceToWin().getAsDouble()).orElse(null));
        row.add(c.map(x -> lower(x.verdict().decision())).orElse(null));
        row.add(c.map(x -> x.verdict().words()).orElse(null));
        rows.add(row);
      }
    }
    return new QueryResult(COLUMNS, rows, elapsedMillis);
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
