package dev.tributary.experiments.report;

import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.PlannedSampleSize;
import dev.tributary.experiments.definition.Status;
import dev.tributary.experiments.definition.Variant;
import dev.tributary.experiments.report.ExperimentReport.Analysed;
import dev.tributary.experiments.report.ExperimentReport.Analysis;
import dev.tributary.experiments.report.ExperimentReport.ArmValue;
import dev.tributary.experiments.report.ExperimentReport.Comparison;
import dev.tributary.experiments.report.ExperimentReport.Decision;
import dev.tributary.experiments.report.ExperimentReport.Deciding;
import dev.tributary.experiments.report.ExperimentReport.Invalid;
import dev.tributary.experiments.report.ExperimentReport.MetricReport;
import dev.tributary.experiments.report.ExperimentReport.Progress;
import dev.tributary.experiments.report.ExperimentReport.Role;
import dev.tributary.experiments.report.ExperimentReport.Srm;
import dev.tributary.experiments.report.ExperimentReport.Verdict;
import dev.tributary.experiments.report.ExperimentReport.VariantUnits;
import dev.tributary.experiments.stats.AnalysisSpec;
import dev.tributary.experiments.stats.ArmSums;
import dev.tributary.experiments.stats.Difference;
import dev.tributary.experiments.stats.InvalidSumsException;
import dev.tributary.experiments.stats.Method;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.SampleRatioCheck;
import dev.tributary.experiments.stats.SampleSize;
import dev.tributary.experiments.stats.StatsEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds an {@link ExperimentReport} from an experiment's definition and the warehouse rows of one of its phases:
 * the units and exclusions per variant from the exposures, the SRM check against the designed weights, the
 * progress towards the planned sample size, and per metric every treatment against the control through the
 * {@link StatsEngine} (relative and absolute effect, fixed-horizon and sequential), with CUPED when the sums
 * carry a pre-exposure covariate. The level is the plan's α; N* of the confidence sequences is the planned
 * total sample size when there is a plan (the size at which the boundary should be tightest), else gbstats'
 * default. Stateless and thread-safe.
 */
public final class ExperimentReporter {

  private ExperimentReporter() {}

  /** The report of {@code definition}'s current phase. */
  public static ExperimentReport report(ExperimentDefinition definition, ObservedResults observed) {
    return report(definition, definition.phase(), observed);
  }

  /** The report of {@code phase} of the experiment {@code definition} declares (rows of other phases are ignored). */
  public static ExperimentReport report(ExperimentDefinition definition, int phase, ObservedResults observed) {
    List<String> notes = new ArrayList<>();
    boolean currentPhase = phase == definition.phase();
    if (!currentPhase) {
      notes.add("phase " + phase + " is not the definition's current phase " + definition.phase()
          + ": its designed weights are taken to be today's, and the phase is read as ended");
    }
    Map<String, Double> design = new LinkedHashMap<>();
    definition.variants().forEach(v -> design.put(v.id(), v.weight()));
    List<VariantUnits> variants = variantUnits(definition, phase, observed, design);
    long excluded = variants.stream().mapToLong(VariantUnits::excludedUnits).sum();
    Srm srm = srm(variants);
    Optional<SampleSize.Answer> plan = PlannedSampleSize.of(definition);
    Progress progress = progress(plan, variants, design);
    double alpha = PlannedSampleSize.ALPHA;
    double tuning = plan.map(p -> (double) p.perVariant() * design.size())
        .orElse(AnalysisSpec.DEFAULT_SEQUENTIAL_TUNING);
    Deciding deciding = Verdicts.deciding(definition.status(), currentPhase, progress, alpha);
    boolean live = definition.status() == Status.RUNNING && currentPhase;
    List<SumsRow> sums = observed.sums().stream()
        .filter(r -> r.experimentKey().equals(definition.key()) && r.phase() == phase).toList();
    Context context = new Context(definition, design, alpha, tuning, deciding, srm, progress, live);
    List<MetricReport> metrics = new ArrayList<>();
    for (Map.Entry<String, Role> m : metricsInOrder(definition, sums).entrySet()) {
      metrics.add(metric(m.getKey(), m.getValue(), sums, context));
    }
    return new ExperimentReport(definition.key(), phase, definition.status(), definition.hypothesis(), alpha, tuning,
        deciding, variants, excluded, srm, progress, metrics, notes);
  }

  private record Context(ExperimentDefinition definition, Map<String, Double> design, double alpha, double tuning,
      Deciding deciding, Srm srm, Progress progress, boolean live) {

    String control() {
      return definition.variants().get(0).id();
    }
  }

  private static List<VariantUnits> variantUnits(ExperimentDefinition definition, int phase, ObservedResults observed,
      Map<String, Double> design) {
    Map<String, List<ExposureRow>> byVariant = observed.exposures().stream()
        .filter(r -> r.experimentKey().equals(definition.key()) && r.phase() == phase)
        .collect(Collectors.groupingBy(ExposureRow::variationId, LinkedHashMap::new, Collectors.toList()));
    Set<String> ids = new LinkedHashSet<>(design.keySet());
    ids.addAll(byVariant.keySet());
    List<VariantUnits> out = new ArrayList<>();
    for (String id : ids) {
      List<ExposureRow> rows = byVariant.getOrDefault(id, List.of());
      out.add(new VariantUnits(id, design.getOrDefault(id, 0.0),
          rows.stream().mapToLong(ExposureRow::units).sum(), rows.stream().mapToLong(ExposureRow::excludedUnits).sum(),
          rows.stream().map(ExposureRow::firstExposure).min(java.util.Comparator.naturalOrder()),
          rows.stream().map(ExposureRow::lastExposure).max(java.util.Comparator.naturalOrder())));
    }
    return out;
  }

  private static Srm srm(List<VariantUnits> variants) {
    SampleRatioCheck.Result r = SampleRatioCheck.check(variants.stream().map(VariantUnits::units).toList(),
        variants.stream().map(VariantUnits::designedWeight).toList());
    String words;
    if (r.unitsInUnweightedVariants() > 0) {
      words = "mismatch: " + r.unitsInUnweightedVariants() + " units in variants the design gives no traffic";
    } else if (r.mismatch()) {
      words = String.format(Locale.ROOT, "mismatch: chi-square %.2f, p = %.2g < %s: the units per variant do not"
          + " follow the designed weights", r.chiSquare(), r.pValue(),
          SampleRatioCheck.THRESHOLD);
    } else {
      words = String.format(Locale.ROOT, "no mismatch: p = %.3g against the designed weights (flagged below %s)",
          r.pValue(), SampleRatioCheck.THRESHOLD);
    }
    return new Srm(r, words);
  }

  private static Progress progress(Optional<SampleSize.Answer> plan, List<VariantUnits> variants,
      Map<String, Double> design) {
    long smallest = variants.stream().filter(v -> design.containsKey(v.variationId()))
        .mapToLong(VariantUnits::units).min().orElse(0);
    if (plan.isEmpty()) {
      return new Progress(OptionalLong.empty(), smallest, OptionalDouble.empty(), false,
          "no sample size planned (the definition states no minimum_detectable_effect and baseline); smallest"
              + " variant has " + smallest + " units");
    }
    long planned = plan.get().perVariant();
    double fraction = (double) smallest / planned;
    boolean reached = smallest >= planned;
    return new Progress(OptionalLong.of(planned), smallest, OptionalDouble.of(fraction), reached,
        String.format(Locale.ROOT, "%s: smallest variant has %d of %d planned units per variant (%.1f %%)",
            reached ? "reached" : "not reached", smallest, planned, 100 * fraction));
  }

  private static Map<String, Role> metricsInOrder(ExperimentDefinition definition, List<SumsRow> sums) {
    Map<String, Role> roles = new LinkedHashMap<>();
    definition.primaryMetric().ifPresent(m -> roles.put(m, Role.PRIMARY));
    definition.guardrailMetrics().forEach(m -> roles.putIfAbsent(m, Role.GUARDRAIL));
    sums.forEach(r -> roles.putIfAbsent(r.metric(), Role.OTHER));
    return roles;
  }

  private static MetricReport metric(String metric, Role role, List<SumsRow> allSums, Context ctx) {
    Map<String, SumsRow> rows = new LinkedHashMap<>();
    allSums.stream().filter(r -> r.metric().equals(metric)).forEach(r -> rows.merge(r.variationId(), r,
        ExperimentReporter::plus));
    if (rows.isEmpty()) {
      return new MetricReport(metric, role, Optional.empty(), List.of(), List.of(), false,
          "no data yet: the warehouse has no sums for " + metric + " in this phase");
    }
    MetricKind kind = rows.values().iterator().next().metricKind();
    boolean cuped = kind != MetricKind.RATIO && rows.values().stream().anyMatch(SumsRow::hasCovariate);
    List<ArmValue> values = new ArrayList<>();
    for (String id : ctx.design().keySet()) {
      SumsRow row = rows.get(id);
      values.add(new ArmValue(id, row == null ? 0 : row.units(), row == null ? Double.NaN : row.value()));
    }
    List<Comparison> comparisons = new ArrayList<>();
    String control = ctx.control();
    ArmSums controlSums = sums(rows.get(control), kind, cuped);
    for (Variant v : ctx.definition().variants().subList(1, ctx.definition().variants().size())) {
      Analysis analysis = analyse(kind, controlSums, sums(rows.get(v.id()), kind, cuped), ctx);
      Verdict verdict = analysis instanceof Analysed a
          ? Verdicts.verdict(role, metric, v.id(), control, a, ctx.deciding(), ctx.srm(), ctx.progress(), ctx.live())
          : new Verdict(Decision.NOT_COMPUTABLE, ctx.deciding().method(),
              "the warehouse's sums are impossible: " + ((Invalid) analysis).message());
      comparisons.add(new Comparison(v.id(), analysis, verdict));
    }
    String summary = comparisons.stream().map(c -> c.verdict().words()).collect(Collectors.joining("; "));
    return new MetricReport(metric, role, Optional.of(kind), values, comparisons, cuped, summary);
  }

  /** A variant without a row has no units yet. */
  private static ArmSums sums(SumsRow row, MetricKind kind, boolean cuped) {
    if (row == null) {
      ArmSums none = ArmSums.of(0, 0, 0);
      return kind == MetricKind.RATIO ? none.withRatio(0, 0, 0) : cuped ? none.withCovariate(0, 0, 0) : none;
    }
    return row.toArmSums(cuped);
  }

  private static Analysis analyse(MetricKind kind, ArmSums control, ArmSums treatment, Context ctx) {
    try {
      AnalysisSpec fixed = new AnalysisSpec(kind, Difference.RELATIVE, Method.FIXED, ctx.alpha(), ctx.tuning());
      AnalysisSpec sequential = fixed.with(Method.SEQUENTIAL);
      return new Analysed(StatsEngine.analyse(fixed, control, treatment),
          StatsEngine.analyse(sequential, control, treatment),
          StatsEngine.analyse(fixed.with(Difference.ABSOLUTE), control, treatment),
          StatsEngine.analyse(sequential.with(Difference.ABSOLUTE), control, treatment));
    } catch (InvalidSumsException e) {
      return new Invalid(e.getMessage());
    }
  }

  /** Two rows of one variant and metric (the view should give one; if not, they are disjoint units). */
  private static SumsRow plus(SumsRow a, SumsRow b) {
    return new SumsRow(a.experimentKey(), a.phase(), a.variationId(), a.metric(), a.metricKind(), a.units() + b.units(),
        a.sum() + b.sum(), a.sumSquares() + b.sumSquares(), a.denominatorSum() + b.denominatorSum(),
        a.denominatorSumSquares() + b.denominatorSumSquares(), a.sumProducts() + b.sumProducts(),
        a.preSum() + b.preSum(), a.preSumSquares() + b.preSumSquares(), a.preSumProducts() + b.preSumProducts());
  }
}
