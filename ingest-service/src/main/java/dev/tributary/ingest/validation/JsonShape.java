package dev.tributary.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Structural limits of one event that its field rules do not see: nesting depth, NUL characters in
 * strings and keys, and numbers beyond the range of a 64-bit float, which no downstream reader can hold (long exact
 * literals within it are kept as sent). Checked per
 * event so that one bad batch item does not sink the others.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonShape {

  /** The default nesting limit of an event: the event object itself counts as depth 1. */
  public static final int DEFAULT_MAX_DEPTH = 32;

  private static final BigDecimal MAX_DOUBLE = BigDecimal.valueOf(Double.MAX_VALUE);

  private JsonShape() {}

  /** The first structural problem of {@code event}, walking in document order. */
  public static Optional<Rejected> check(JsonNode event, int maxDepth) {
    // Almost every event is fine: check without building a path per field, and walk again with paths only to report
    return fine(event, 1, maxDepth) ? Optional.empty() : walk(event, JsonPaths.ROOT, 1, maxDepth);
  }

  /** True when {@link #walk} finds nothing; the same checks without paths. */
  private static boolean fine(JsonNode node, int depth, int maxDepth) {
    if (node.isContainerNode() && depth > maxDepth) {
      return false;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().indexOf('\0') >= 0 || !fine(e.getValue(), depth + 1, maxDepth)) {
          return false;
        }
      }
      return true;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (!fine(node.get(i), depth + 1, maxDepth)) {
          return false;
        }
      }
      return true;
    }
    if (node.isTextual()) {
      return node.textValue().indexOf('\0') < 0;
    }
    return !node.isNumber() || number(node, JsonPaths.ROOT).isEmpty();
  }

  private static Optional<Rejected> walk(JsonNode node, String path, int depth, int maxDepth) {
    if (node.isContainerNode() && depth > maxDepth) {
      return Optional.of(new Rejected(path, Rule.MAX_DEPTH,
          "objects and arrays may be nested at most " + maxDepth + " levels deep"));
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = JsonPaths.field(path, e.getKey());
        if (e.getKey().indexOf('\0') >= 0) {
          return Optional.of(new Rejected(child, Rule.NUL_CHARACTER, "keys must not contain the NUL character (\\u0000)"));
        }
        Optional<Rejected> r = walk(e.getValue(), child, depth + 1, maxDepth);
        if (r.isPresent()) {
          return r;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<Rejected> r = walk(node.get(i), JsonPaths.index(path, i), depth + 1, maxDepth);
        if (r.isPresent()) {
          return r;
        }
      }
    } else if (node.isTextual()) {
      if (node.textValue().indexOf('\0') >= 0) {
        return Optional.of(new Rejected(path, Rule.NUL_CHARACTER, "strings must not contain the NUL character (\\u0000)"));
      }
    } else if (node.isNumber()) {
      return number(node, path);
    }
    return Optional.empty();
  }

  private static Optional<Rejected> number(JsonNode node, String path) {
    if ((node.isBigInteger() || node.isBigDecimal()) && node.decimalValue().abs().compareTo(MAX_DOUBLE) > 0) {
      return Optional.of(new Rejected(path, Rule.MAX_NUMBER,
          "numbers must lie within the range of a 64-bit float (about 1.8e308)"));
    }
    return Optional.empty();
  }

}
