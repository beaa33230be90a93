package dev.tributary.experiments.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.experiments.stats.InvalidSumsException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object read strictly for the calculator: unknown fields, wrong types, missing required
 * fields and trailing garbage are refused with the full path of the field ({@code control.n}),
 * as {@link InvalidSumsException}s. Immutable.
 */
final class JsonInput {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final JsonNode node;
  private final String path;

  private JsonInput(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Parses one JSON object, allowing only the given top-level fields. */
  static JsonInput parse(String text, Set<String> allowed) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidSumsException("input", "is not valid JSON: "
          + e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[")
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")"));
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidSumsException("input", "is empty; expected a JSON object on stdin");
    }
    if (!root.isObject()) {
      throw new InvalidSumsException("input", "must be a JSON object, was " + kind(root));
    }
    return new JsonInput(root, "").allowOnly(allowed);
  }

  String field(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    return node.has(name) && !node.get(name).isNull();
  }

  JsonInput allowOnly(Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidSumsException(field(name), "is not a known field; expected one of " + new TreeSet<>(allowed));
      }
    }
    return this;
  }

  JsonInput object(String name, Set<String> allowed) {
    JsonNode child = required(name);
    if (!child.isObject()) {
      throw new InvalidSumsException(field(name), "must be an object, was " + kind(child));
    }
    return new JsonInput(child, field(name)).allowOnly(allowed);
  }

  double number(String name) {
    JsonNode value = required(name);
    if (!value.isNumber()) {
      throw new InvalidSumsException(field(name), "must be a number, was " + kind(value));
    }
    double d = value.asDouble();
    if (!Double.isFinite(d)) {
      throw new InvalidSumsException(field(name), "must be a finite number");
    }
    return d;
  }

  double number(String name, double fallback) {
    return has(name) ? number(name) : fallback;
  }

  long count(String name) {
    return integral(required(name), field(name));
  }

  boolean bool(String name, boolean fallback) {
    if (!has(name)) {
      return fallback;
    }
    JsonNode value = node.get(name);
    if (!value.isBoolean()) {
      throw new InvalidSumsException(field(name), "must be true or false, was " + kind(value));
    }
    return value.asBoolean();
  }

  /** One of the allowed lower-case words, returned upper-case for {@code Enum.valueOf}. */
  String word(String name, Set<String> allowed, String fallback) {
    if (!has(name)) {
      if (fallback == null) {
        throw new InvalidSumsException(field(name), "is required; one of " + new TreeSet<>(allowed));
      }
      return fallback.toUpperCase(Locale.ROOT).replace('-', '_');
    }
    JsonNode value = node.get(name);
    if (!value.isTextual() || !allowed.contains(value.asText())) {
      throw new InvalidSumsException(field(name), "must be one of " + new TreeSet<>(allowed) + ", was " + value);
    }
    return value.asText().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  List<Long> counts(String name) {
    List<Long> out = new ArrayList<>();
    JsonNode array = array(name);
    for (int i = 0; i < array.size(); i++) {
      out.add(integral(array.get(i), field(name) + "[" + i + "]"));
    }
    return out;
  }

  List<Double> numbers(String name) {
    List<Double> out = new ArrayList<>();
    JsonNode array = array(name);
    for (int i = 0; i < array.size(); i++) {
      JsonNode value = array.get(i);
      if (!value.isNumber()) {
        throw new InvalidSumsException(field(name) + "[" + i + "]", "must be a number, was " + kind(value));
      }
      out.add(value.asDouble());
    }
    return out;
  }

  private JsonNode array(String name) {
    JsonNode value = required(name);
    if (!value.isArray()) {
      throw new InvalidSumsException(field(name), "must be an array, was " + kind(value));
    }
    return value;
  }

  private JsonNode required(String name) {
    if (!has(name)) {
      throw new InvalidSumsException(field(name), "is required");
    }
    return node.get(name);
  }

  private static long integral(JsonNode value, String field) {
    if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
      throw new InvalidSumsException(field, "must be a whole number, was " + value);
    }
    if (value.isNumber() && Math.abs(value.asDouble()) > 9.0e15) {
      throw new InvalidSumsException(field, "is too large, was " + value);
    }
    return value.asLong();
  }

  private static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT) + (value.isValueNode() ? " " + value : "");
  }
}
