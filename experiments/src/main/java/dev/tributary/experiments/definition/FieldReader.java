package dev.tributary.experiments.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed fields of one object of the definitions file, adding an error (and returning empty) for a
 * field of the wrong type instead of stopping, so that a file's every problem is reported at once.
 *
 * <p>Not thread-safe: one per object being read.
 */
final class FieldReader {

  private final String experiment;
  private final String prefix;
  private final JsonNode node;
  private final List<DefinitionError> errors;

  FieldReader(String experiment, String prefix, JsonNode node, List<DefinitionError> errors) {
    this.experiment = experiment;
    this.prefix = prefix;
    this.node = node;
    this.errors = errors;
  }

  String path(String field) {
    return prefix + field;
  }

  void error(String field, DefinitionRule rule, String message) {
    errors.add(new DefinitionError(experiment, path(field), rule, message));
  }

  void rejectUnknown(Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        error(name, DefinitionRule.UNKNOWN_FIELD, "unknown field; the known fields are " + known.stream().sorted().toList());
      }
    }
  }

  private Optional<JsonNode> present(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  Optional<String> text(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isTextual()) {
      error(field, DefinitionRule.TYPE, "must be a string");
      return Optional.empty();
    }
    String text = value.get().textValue().strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  Optional<String> requiredText(String field, String why) {
    boolean absent = present(field).isEmpty();
    Optional<String> text = text(field);
    if (text.isEmpty() && (absent || present(field).get().isTextual())) {
      error(field, DefinitionRule.REQUIRED, "required" + why);
    }
    return text;
  }

  Optional<Double> number(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isNumber()) {
      error(field, DefinitionRule.TYPE, "must be a number");
      return Optional.empty();
    }
    return Optional.of(value.get().doubleValue());
  }

  Optional<Integer> integer(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isIntegralNumber() || !value.get().canConvertToInt()) {
      error(field, DefinitionRule.TYPE, "must be a whole number");
      return Optional.empty();
    }
    return Optional.of(value.get().intValue());
  }

  Optional<Instant> instant(String field) {
    Optional<String> text = text(field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.get()));
    } catch (DateTimeParseException e) {
      error(field, DefinitionRule.TYPE, "must be an ISO-8601 instant such as 2026-11-30T09:00:00Z, not '"
          + text.get() + "'");
      return Optional.empty();
    }
  }

  List<String> texts(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isEmpty()) {
      return List.of();
    }
    if (!value.get().isArray()) {
      error(field, DefinitionRule.TYPE, "must be a list of strings");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.get().size(); i++) {
      JsonNode item = value.get().get(i);
      if (item.isTextual() && !item.textValue().isBlank()) {
        out.add(item.textValue().strip());
      } else {
        error(field + "[" + i + "]", DefinitionRule.TYPE, "must be a non-empty string");
      }
    }
    return out;
  }

  /** The value of {@code field} when it is an object; an error when it is there but not one. */
  Optional<JsonNode> object(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isPresent() && !value.get().isObject()) {
      error(field, DefinitionRule.TYPE, "must be an object");
      return Optional.empty();
    }
    return value;
  }

  /** The value of {@code field} when it is a list; an error when it is there but not one. */
  Optional<JsonNode> array(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isPresent() && !value.get().isArray()) {
      error(field, DefinitionRule.TYPE, "must be a list");
      return Optional.empty();
    }
    return value;
  }

  FieldReader nested(String field, JsonNode child) {
    return new FieldReader(experiment, path(field) + ".", child, errors);
  }
}
