package dev.tributary.experiments.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one entry of the file's {@code experiments} list into an {@link ExperimentDefinition}, adding an
 * error for every field that is missing or of the wrong type. Rules that relate fields or experiments
 * (weights summing to 1, unique keys, known metrics) are {@link DefinitionRules}'.
 *
 * <p>Thread-safe: stateless.
 */
final class ExperimentReader {

  static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Set<String> FIELDS = Set.of("key", "seed", "phase", "status", "coverage", "variants",
      "start", "stop", "hypothesis", "primary_metric", "guardrail_metrics", "minimum_detectable_effect",
      "baseline", "changed_by");
  private static final Set<String> VARIANT_FIELDS = Set.of("id", "weight");
  private static final Set<String> BASELINE_FIELDS = Set.of("mean", "standard_deviation");
  private static final String UNLESS_DRAFT = " once the experiment is past draft: fix it before the start";

  private ExperimentReader() {}

  /** The experiment at position {@code index}, or empty when it is not even an object. */
  static Optional<ExperimentDefinition> read(JsonNode node, int index, List<DefinitionError> errors) {
    String label = "#" + (index + 1);
    if (!node.isObject()) {
      errors.add(new DefinitionError(label, "experiments[" + index + "]", DefinitionRule.TYPE,
          "each experiment must be an object"));
      return Optional.empty();
    }
    JsonNode keyNode = node.get("key");
    String name = keyNode != null && keyNode.isTextual() && !keyNode.textValue().isBlank()
        ? keyNode.textValue().strip() : label;
    FieldReader in = new FieldReader(name, "", node, errors);
    in.rejectUnknown(FIELDS);
    Optional<String> key = in.requiredText("key", ": a unique name such as checkout-button");
    key.filter(k -> !KEY.matcher(k).matches()).ifPresent(k ->
        in.error("key", DefinitionRule.TYPE, "may hold only letters, digits, '.', '_' and '-'"));
    Optional<String> statusText = in.requiredText("status", ": draft, running or stopped");
    Optional<Status> status = statusText.flatMap(Status::of);
    if (statusText.isPresent() && status.isEmpty()) {
      in.error("status", DefinitionRule.TYPE, "must be draft, running or stopped, not '" + statusText.get() + "'");
    }
    Optional<Double> coverage = in.number("coverage");
    if (coverage.isEmpty() && node.get("coverage") == null) {
      in.error("coverage", DefinitionRule.REQUIRED, "required: the share of users in the experiment, in [0, 1]");
    }
    Optional<Integer> phase = in.integer("phase");
    phase.filter(p -> p < 1).ifPresent(p -> in.error("phase", DefinitionRule.TYPE, "must be 1 or more"));
    Optional<String> seed = in.text("seed");
    List<Variant> variants = variants(in);
    boolean pastDraft = status.map(s -> s != Status.DRAFT).orElse(false);
    Optional<String> hypothesis = pastDraft ? in.requiredText("hypothesis", UNLESS_DRAFT) : in.text("hypothesis");
    Optional<String> primary = pastDraft ? in.requiredText("primary_metric", UNLESS_DRAFT) : in.text("primary_metric");
    Optional<Double> mde = in.number("minimum_detectable_effect");
    mde.filter(m -> !(m > 0)).ifPresent(m -> in.error("minimum_detectable_effect", DefinitionRule.TYPE,
        "must be above 0 (relative: 0.05 is a 5% lift)"));
    ExperimentDefinition definition = new ExperimentDefinition(key.orElse(name), seed.orElse(key.orElse(name)),
        phase.orElse(1), status.orElse(Status.DRAFT), variants, coverage.orElse(0.0), in.instant("start"),
        in.instant("stop"), hypothesis, primary, in.texts("guardrail_metrics"), mde, baseline(in),
        in.text("changed_by"));
    // returned even when broken (the errors are recorded), so the cross-field rules report their problems too
    return Optional.of(definition);
  }

  private static List<Variant> variants(FieldReader in) {
    Optional<JsonNode> list = in.array("variants");
    if (list.isEmpty()) {
      in.error("variants", DefinitionRule.REQUIRED, "required: at least two variants, each with an id and a weight");
      return List.of();
    }
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < list.get().size(); i++) {
      JsonNode item = list.get().get(i);
      String field = "variants[" + i + "]";
      if (!item.isObject()) {
        in.error(field, DefinitionRule.TYPE, "each variant must be an object with an id and a weight");
        continue;
      }
      FieldReader v = in.nested(field, item);
      v.rejectUnknown(VARIANT_FIELDS);
      Optional<String> id = v.requiredText("id", ": the variation id, e.g. control");
      Optional<Double> weight = v.number("weight");
      if (weight.isEmpty() && item.get("weight") == null) {
        v.error("weight", DefinitionRule.REQUIRED, "required: the variant's share of the included users");
      }
      if (id.isPresent() && weight.isPresent()) {
        variants.add(new Variant(id.get(), weight.get()));
      }
    }
    return variants;
  }

  private static Optional<Baseline> baseline(FieldReader in) {
    Optional<JsonNode> node = in.object("baseline");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    FieldReader b = in.nested("baseline", node.get());
    b.rejectUnknown(BASELINE_FIELDS);
    Optional<Double> mean = b.number("mean");
    if (mean.isEmpty() && node.get().get("mean") == null) {
      b.error("mean", DefinitionRule.REQUIRED, "required: the primary metric's current mean (or rate)");
    }
    Optional<Double> sd = b.number("standard_deviation");
    sd.filter(s -> !(s >= 0)).ifPresent(s -> b.error("standard_deviation", DefinitionRule.TYPE, "must be 0 or more"));
    return mean.map(m -> new Baseline(m, sd));
  }
}
