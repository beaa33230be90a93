package dev.tributary.experiments.cli;

import dev.tributary.experiments.stats.AnalysisSpec;
import dev.tributary.experiments.stats.ArmSums;
import dev.tributary.experiments.stats.Difference;
import dev.tributary.experiments.stats.InvalidSumsException;
import dev.tributary.experiments.stats.Method;
import dev.tributary.experiments.stats.MetricKind;
import dev.tributary.experiments.stats.SampleSize;
import java.util.List;
import java.util.Set;

/**
 * The calculator's JSON inputs, read into the engine's types. Field names are the warehouse's
 * snake_case ones; docs/EXPERIMENTS.md shows each request. Stateless.
 */
final class StatsRequests {

  static final Set<String> ANALYSE_FIELDS =
      Set.of("metric", "alpha", "relative", "method", "sequential_tuning", "control", "treatment");
  static final Set<String> ARM_FIELDS = Set.of("n", "sum", "sum_squares", "denominator_sum",
      "denominator_sum_squares", "sum_products", "pre_sum", "pre_sum_squares", "pre_sum_products");
  static final Set<String> SRM_FIELDS = Set.of("counts", "weights");
  static final Set<String> SAMPLE_SIZE_FIELDS =
      Set.of("metric", "baseline_mean", "baseline_variance", "mde", "alpha", "power");

  private static final Set<String> METRICS = Set.of("mean", "proportion", "ratio");
  private static final Set<String> METHODS = Set.of("fixed", "sequential", "bayesian");

  /** A parsed analysis request. */
  record Analyse(AnalysisSpec spec, ArmSums control, ArmSums treatment) {}

  /** A parsed SRM request. */
  record Srm(List<Long> counts, List<Double> weights) {}

  private StatsRequests() {}

  static Analyse analyse(String json) {
    JsonInput in = JsonInput.parse(json, ANALYSE_FIELDS);
    MetricKind metric = MetricKind.valueOf(in.word("metric", METRICS, null));
    Method method = Method.valueOf(in.word("method", METHODS, "fixed"));
    Difference difference = in.bool("relative", true) ? Difference.RELATIVE : Difference.ABSOLUTE;
    AnalysisSpec spec = new AnalysisSpec(metric, difference, method,
        in.number("alpha", AnalysisSpec.DEFAULT_ALPHA),
        in.number("sequential_tuning", AnalysisSpec.DEFAULT_SEQUENTIAL_TUNING));
    return new Analyse(spec, arm(in.object("control", ARM_FIELDS), metric),
        arm(in.object("treatment", ARM_FIELDS), metric));
  }

  static Srm srm(String json) {
    JsonInput in = JsonInput.parse(json, SRM_FIELDS);
    return new Srm(in.counts("counts"), in.numbers("weights"));
  }

  static SampleSize.Plan sampleSize(String json) {
    JsonInput in = JsonInput.parse(json, SAMPLE_SIZE_FIELDS);
    MetricKind metric = MetricKind.valueOf(in.word("metric", Set.of("mean", "proportion"), null));
    if (metric == MetricKind.PROPORTION && in.has("baseline_variance")) {
      throw new InvalidSumsException("baseline_variance", "is implied by baseline_mean for a proportion; leave it out");
    }
    return new SampleSize.Plan(metric, in.number("baseline_mean"),
        metric == MetricKind.MEAN ? in.number("baseline_variance") : Double.NaN, in.number("mde"),
        in.number("alpha", AnalysisSpec.DEFAULT_ALPHA), in.number("power", 0.8));
  }

  private static ArmSums arm(JsonInput in, MetricKind metric) {
    long n = in.count("n");
    if (n < 2) {
      // a calculator's input with fewer than two units is a typo, not an experiment to wait for
      throw new InvalidSumsException(in.field("n"), "must be at least 2 units (a variance needs two), was " + n);
    }
    double sum = in.number("sum");
    double sumSquares = metric == MetricKind.PROPORTION && !in.has("sum_squares") ? sum : in.number("sum_squares");
    ArmSums arm;
    try {
      arm = ArmSums.of(n, sum, sumSquares);
    } catch (InvalidSumsException e) {
      throw new InvalidSumsException(in.field(e.field()), e.getMessage().substring(e.field().length() + 2));
    }
    if (metric == MetricKind.RATIO) {
      arm = arm.withRatio(in.number("denominator_sum"), in.number("denominator_sum_squares"),
          in.number("sum_products"));
    } else {
      for (String ratioOnly : List.of("denominator_sum", "denominator_sum_squares", "sum_products")) {
        if (in.has(ratioOnly)) {
          throw new InvalidSumsException(in.field(ratioOnly), "is only used by ratio metrics");
        }
      }
    }
    if (in.has("pre_sum") || in.has("pre_sum_squares") || in.has("pre_sum_products")) {
      arm = arm.withCovariate(in.number("pre_sum"), in.number("pre_sum_squares"), in.number("pre_sum_products"));
    }
    return arm;
  }
}
