package dev.tributary.experiments.definition;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a definitions file (YAML; JSON is YAML too) and validates it, reporting every problem at once:
 * the file's shape and each field's type ({@link ExperimentReader}), then the rules across fields and
 * experiments ({@link DefinitionRules}). Comparing with the definitions in force is {@link PhaseRules}' job.
 *
 * <p>The file format:
 * <pre>
 * changed_by: ana@example.com          # who made this edit (optional; per experiment too)
 * changed_at: 2026-11-30T10:00:00Z     # when (optional; else the file's modification time)
 * experiments:
 *   - key: checkout-button             # required, [A-Za-z0-9._-]+
 *     seed: checkout-button            # optional, defaults to the key
 *     phase: 1                         # optional, defaults to 1
 *     status: running                  # draft | running | stopped
 *     coverage: 0.05                   # the ramp, in [0, 1]
 *     variants: [{id: control, weight: 0.5}, {id: green, weight: 0.5}]
 *     start: 2026-11-30T09:00:00Z      # required unless draft
 *     stop: null
 *     hypothesis: ...                  # required unless draft
 *     primary_metric: purchase_conversion_rate   # required unless draft; an experiment metric of metrics.yaml
 *     guardrail_metrics: [average_order_value]
 *     minimum_detectable_effect: 0.05  # relative
 *     baseline: {mean: 0.12, standard_deviation: 0.32}
 * </pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class DefinitionsParser {

  private static final ObjectMapper YAML = new ObjectMapper(
      new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
  private static final Set<String> FILE_FIELDS = Set.of("changed_by", "changed_at", "experiments");

  /** The outcome of parsing: valid definitions, or every error found. */
  public sealed interface Parsed permits Valid, Invalid {}

  /** The file is valid. */
  public record Valid(Definitions definitions) implements Parsed {}

  /**
   * The file is refused for all of these reasons (never empty); {@code partial} holds what could be read, so
   * that the rules against the definitions in force can report their problems in the same breath.
   */
  public record Invalid(List<DefinitionError> errors, Definitions partial) implements Parsed {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  private DefinitionsParser() {}

  /** Parses and validates {@code text} against the metric names the catalogue knows. */
  public static Parsed parse(String text, Set<String> knownMetrics) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      return new Invalid(List.of(new DefinitionError(DefinitionError.FILE, "(syntax)", DefinitionRule.SYNTAX,
          "the file is not valid YAML/JSON: " + firstLine(e.getMessage()))), Definitions.EMPTY);
    }
    if (root == null || !root.isObject()) {
      return new Invalid(List.of(new DefinitionError(DefinitionError.FILE, "(top level)", DefinitionRule.SYNTAX,
          "the file must be an object with an 'experiments' list")), Definitions.EMPTY);
    }
    List<DefinitionError> errors = new ArrayList<>();
    FieldReader file = new FieldReader(DefinitionError.FILE, "", root, errors);
    file.rejectUnknown(FILE_FIELDS);
    Optional<String> changedBy = file.text("changed_by");
    var changedAt = file.instant("changed_at");
    JsonNode list = root.get("experiments");
    List<ExperimentDefinition> experiments = new ArrayList<>();
    if (list == null || list.isNull()) {
      errors.add(new DefinitionError(DefinitionError.FILE, "experiments", DefinitionRule.REQUIRED,
          "the file needs an 'experiments' list (it may be empty: [])"));
    } else if (!list.isArray()) {
      errors.add(new DefinitionError(DefinitionError.FILE, "experiments", DefinitionRule.TYPE,
          "'experiments' must be a list"));
    } else {
      for (int i = 0; i < list.size(); i++) {
        ExperimentReader.read(list.get(i), i, errors).ifPresent(experiments::add);
      }
    }
    Definitions definitions = new Definitions(changedBy, changedAt, experiments);
    errors.addAll(DefinitionRules.check(definitions, knownMetrics));
    return errors.isEmpty() ? new Valid(definitions) : new Invalid(errors, definitions);
  }

  /**
   * Parses and validates {@code text} on every rule but whether its metrics are known: for readers of a file
   * that the serving service already judged against the metrics catalogue (the report, the local demo), which
   * need not know the catalogue themselves.
   */
  public static Parsed parseAnyMetrics(String text) {
    Parsed parsed = parse(text, Set.of());
    if (parsed instanceof Invalid invalid) {
      List<DefinitionError> errors = invalid.errors().stream()
          .filter(e -> e.rule() != DefinitionRule.UNKNOWN_METRIC).toList();
      return errors.isEmpty() ? new Valid(invalid.partial()) : new Invalid(errors, invalid.partial());
    }
    return parsed;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
