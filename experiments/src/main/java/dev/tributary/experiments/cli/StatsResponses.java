package dev.tributary.experiments.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.experiments.report.ReportJson;
import dev.tributary.experiments.stats.AnalysisSpec;
import dev.tributary.experiments.stats.ArmSums;
import dev.tributary.experiments.stats.Difference;
import dev.tributary.experiments.stats.Method;
import dev.tributary.experiments.stats.SampleRatioCheck;
import dev.tributary.experiments.stats.SampleSize;
import dev.tributary.experiments.stats.StatsResult;
import java.util.Locale;

/** The calculator's JSON outputs. Stateless. */
final class StatsResponses {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StatsResponses() {}

  static ObjectNode analysis(StatsRequests.Analyse request, StatsResult result) {
    ObjectNode out = JSON.objectNode();
    AnalysisSpec spec = request.spec();
    out.put("metric", lower(spec.metric()));
    out.put("method", lower(spec.method()));
    out.put("relative", spec.difference() == Difference.RELATIVE);
    out.put("alpha", spec.alpha());
    if (spec.method() == Method.SEQUENTIAL) {
      out.put("sequential_tuning", spec.sequentialTuning());
    }
    if (result instanceof StatsResult.Computed c) {
      out.put("computable", true);
      out.set("control", arm(request.control(), c.controlMean()));
      out.set("treatment", arm(request.treatment(), c.treatmentMean()));
      ReportJson.putEffect(out, c);
      out.put("chance_to_win", c.chanceToWin());
      out.put("significant", c.significant());
      out.put("degrees_of_freedom", c.degreesOfFreedom());
      c.cupedTheta().ifPresent(theta -> out.put("cuped_theta", theta));
    } else if (result instanceof StatsResult.NotComputable n) {
      ReportJson.putNotComputable(out, n);
    }
    return out;
  }

  static ObjectNode srm(SampleRatioCheck.Result r) {
    ObjectNode out = JSON.objectNode();
    out.put("chi_square", r.chiSquare());
    out.put("degrees_of_freedom", r.degreesOfFreedom());
    out.put("p_value", r.pValue());
    out.put("threshold", SampleRatioCheck.THRESHOLD);
    out.put("units_in_unweighted_variants", r.unitsInUnweightedVariants());
    out.put("mismatch", r.mismatch());
    return out;
  }

  static ObjectNode sampleSize(SampleSize.Plan plan, SampleSize.Answer answer) {
    ObjectNode out = JSON.objectNode();
    out.put("metric", lower(plan.metric()));
    out.put("mde", plan.minimumDetectableEffect());
    out.put("absolute_effect", answer.absoluteEffect());
    out.put("alpha", plan.alpha());
    out.put("power", plan.power());
    out.put("per_variant", answer.perVariant());
    out.put("total_two_variants", 2 * answer.perVariant());
    return out;
  }

  private static ObjectNode arm(ArmSums sums, double mean) {
    ObjectNode out = JSON.objectNode();
    out.put("n", sums.n());
    out.put("mean", mean);
    return out;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
