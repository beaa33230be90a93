package dev.tributary.experiments.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.experiments.report.ExperimentReport.Analysed;
import dev.tributary.experiments.report.ExperimentReport.ArmValue;
import dev.tributary.experiments.report.ExperimentReport.Comparison;
import dev.tributary.experiments.report.ExperimentReport.Invalid;
import dev.tributary.experiments.report.ExperimentReport.MetricReport;
import dev.tributary.experiments.report.ExperimentReport.VariantUnits;
import dev.tributary.experiments.stats.StatsResult;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@link ExperimentReport} as JSON: the body of {@code tributary experiment report KEY --json} and of the
 * console's experiment endpoint, with snake_case names like the calculator's ({@code bin/tributary stats}).
 * Numbers that do not exist (a value without units) are {@code null}. docs/EXPERIMENTS.md shows an example.
 * Stateless and thread-safe.
 */
public final class ReportJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportJson() {}

  /** The report as pretty-printed JSON text. */
  public static String render(ExperimentReport report) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a JSON tree we built", e);
    }
  }

  /** The report as a JSON tree. */
  public static ObjectNode toJson(ExperimentReport r) {
    ObjectNode out = JSON.objectNode();
    out.put("experiment", r.key());
    out.put("phase", r.phase());
    out.put("status", r.status().code());
    out.put("hypothesis", r.hypothesis().orElse(null));
    out.put("alpha", r.alpha());
    out.put("sequential_tuning", r.sequentialTuning());
    ObjectNode deciding = out.putObject("deciding_interval");
    deciding.put("method", lower(r.deciding().method()));
    deciding.put("why", r.deciding().why());
    ArrayNode variants = out.putArray("variants");
    for (VariantUnits v : r.variants()) {
      ObjectNode n = variants.addObject();
      n.put("variation_id", v.variationId());
      n.put("designed_weight", v.designedWeight());
      n.put("units", v.units());
      n.put("excluded_units", v.excludedUnits());
      n.put("first_exposure", v.firstExposure().map(Object::toString).orElse(null));
      n.put("last_exposure", v.lastExposure().map(Object::toString).orElse(null));
    }
    out.put("excluded_units", r.excludedUnits());
    ObjectNode srm = out.putObject("srm");
    srm.put("chi_square", r.srm().result().chiSquare());
    srm.put("degrees_of_freedom", r.srm().result().degreesOfFreedom());
    srm.put("p_value", r.srm().result().pValue());
    srm.put("threshold", dev.tributary.experiments.stats.SampleRatioCheck.THRESHOLD);
    srm.put("units_in_unweighted_variants", r.srm().result().unitsInUnweightedVariants());
    srm.put("mismatch", r.srm().mismatch());
    srm.put("verdict", r.srm().words());
    ObjectNode size = out.putObject("sample_size");
    if (r.progress().plannedPerVariant().isPresent()) {
      size.put("planned_per_variant", r.progress().plannedPerVariant().getAsLong());
      size.put("progress", r.progress().fraction().getAsDouble());
    } else {
      size.putNull("planned_per_variant");
      size.putNull("progress");
    }
    size.put("smallest_variant_units", r.progress().smallestVariantUnits());
    size.put("reached", r.progress().reached());
    size.put("verdict", r.progress().words());
    ArrayNode metrics = out.putArray("metrics");
    r.metrics().forEach(m -> metrics.add(metric(m)));
    ArrayNode notes = out.putArray("notes");
    r.notes().forEach(notes::add);
    return out;
  }

  private static ObjectNode metric(MetricReport m) {
    ObjectNode out = JSON.objectNode();
    out.put("metric", m.metric());
    out.put("role", lower(m.role()));
    out.put("kind", m.kind().map(ReportJson::lower).orElse(null));
    out.put("cuped", m.cuped());
    ArrayNode values = out.putArray("values");
    for (ArmValue v : m.values()) {
      ObjectNode n = values.addObject();
      n.put("variation_id", v.variationId());
      n.put("units", v.units());
      number(n, "value", v.value());
    }
    ArrayNode comparisons = out.putArray("comparisons");
    for (Comparison c : m.comparisons()) {
      comparisons.add(comparison(c));
    }
    out.put("verdict", m.summary());
    return out;
  }

  private static ObjectNode comparison(Comparison c) {
    ObjectNode out = JSON.objectNode();
    out.put("variation_id", c.variationId());
    if (c.analysis() instanceof Analysed a) {
      ObjectNode relative = out.putObject("relative");
      relative.set("fixed", result(a.relativeFixed()));
      relative.set("sequential", result(a.relativeSequential()));
      ObjectNode absolute = out.putObject("absolute");
      absolute.set("fixed", result(a.absoluteFixed()));
      absolute.set("sequential", result(a.absoluteSequential()));
      if (a.chanceToWin().isPresent()) {
        number(out, "chance_to_win", a.chanceToWin().getAsDouble());
      } else {
        out.putNull("chance_to_win");
      }
      Optional<Double> theta = a.relativeFixed() instanceof StatsResult.Computed rc && rc.cupedTheta().isPresent()
          ? Optional.of(rc.cupedTheta().getAsDouble()) : Optional.empty();
      if (theta.isPresent()) {
        out.put("cuped_theta", theta.get());
      }
    } else if (c.analysis() instanceof Invalid invalid) {
      out.put("invalid_sums", invalid.message());
    }
    ObjectNode verdict = out.putObject("verdict");
    verdict.put("decision", lower(c.verdict().decision()));
    verdict.put("decided_by", lower(c.verdict().decidedBy()));
    verdict.put("words", c.verdict().words());
    return out;
  }

  private static ObjectNode result(StatsResult result) {
    ObjectNode out = JSON.objectNode();
    if (result instanceof StatsResult.Computed c) {
      out.put("computable", true);
      putEffect(out, c);
      out.put("significant", c.significant());
    } else if (result instanceof StatsResult.NotComputable n) {
      putNotComputable(out, n);
    }
    return out;
  }

  /** An effect's {@code effect}, {@code se}, {@code ci} and {@code p_value}, as the calculator writes them too. */
  public static void putEffect(ObjectNode out, StatsResult.Computed c) {
    out.put("effect", c.effect());
    out.put("se", c.standardError());
    out.set("ci", JSON.arrayNode().add(c.interval().lower()).add(c.interval().upper()));
    if (c.pValue().isPresent()) {
      out.put("p_value", c.pValue().getAsDouble());
    } else {
      out.putNull("p_value");
    }
  }

  /** {@code computable: false} with the {@code reason} and {@code message}, as the calculator writes them too. */
  public static void putNotComputable(ObjectNode out, StatsResult.NotComputable n) {
    out.put("computable", false);
    out.put("reason", lower(n.reason()));
    out.put("message", n.message());
  }

  private static void number(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
