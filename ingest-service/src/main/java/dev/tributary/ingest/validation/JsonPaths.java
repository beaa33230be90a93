package dev.tributary.ingest.validation;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Field paths in error answers: {@code $} for the whole value, otherwise dotted names with
 * {@code [i]} for array positions, e.g. {@code batch[3].properties.plan}. One spelling for parser
 * errors and tree checks so clients can rely on it.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonPaths {

  /** The path of the whole value. */
  public static final String ROOT = "$";

  private JsonPaths() {}

  /** {@code parent} extended by an object key. */
  public static String field(String parent, String name) {
    return ROOT.equals(parent) ? name : parent + "." + name;
  }

  /** {@code parent} extended by an array index. */
  public static String index(String parent, int index) {
    return (ROOT.equals(parent) ? "" : parent) + "[" + index + "]";
  }

  /** The path of the value a streaming parser is at, or {@link #ROOT}. */
  static String of(JsonStreamContext context) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    String path = ROOT;
    for (JsonStreamContext c : chain) {
      if (c.inObject() && c.getCurrentName() != null) {
        path = field(path, c.getCurrentName());
      } else if (c.inArray() && c.getCurrentIndex() >= 0) {
        path = index(path, c.getCurrentIndex());
      }
    }
    return path;
  }
}
