package dev.tributary.connect.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;

/** Column values as JSON: numbers stay numbers (decimals exact), times become ISO-8601. Stateless. */
final class JsonValues {

  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

  private JsonValues() {}

  static JsonNode of(Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (value instanceof BigDecimal decimal) {
      return JSON.numberNode(decimal);
    }
    if (value instanceof Long l) {
      return JSON.numberNode(l);
    }
    if (value instanceof Integer i) {
      return JSON.numberNode(i);
    }
    if (value instanceof Short s) {
      return JSON.numberNode(s);
    }
    if (value instanceof Double d) {
      return JSON.numberNode(d);
    }
    if (value instanceof Float f) {
      return JSON.numberNode(f);
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    return JSON.textNode(text(value));
  }

  static String text(Object value) {
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return value.toString();
  }
}
