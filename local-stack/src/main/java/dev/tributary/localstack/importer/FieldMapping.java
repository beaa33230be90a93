package dev.tributary.localstack.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How CSV columns become event fields: {@code event=name,user_id=uid,properties.plan=plan} maps the
 * column {@code name} to the event field {@code event}, and so on; a dotted target nests
 * ({@code properties.plan} → {@code {"properties":{"plan":...}}}). Values stay strings (the server
 * decides what is valid); an empty cell leaves the field out. Checked against the header once, at
 * start, so a mapping naming a missing column fails before anything is sent.
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldMapping {

  private record Target(List<String> path, int column, String columnName) {}

  private final List<Target> targets;
  private final int columns;

  private FieldMapping(List<Target> targets, int columns) {
    this.targets = List.copyOf(targets);
    this.columns = columns;
  }

  /**
   * Parses {@code spec} against the CSV header. An empty spec maps every column to the event field
   * of its own name (dots nest as above).
   *
   * @throws IllegalArgumentException naming the bad entry or the missing column
   */
  public static FieldMapping parse(String spec, List<String> header) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(header.get(i).trim(), i);
    }
    List<Target> targets = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (spec == null || spec.isBlank()) {
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i).trim();
        targets.add(new Target(path(name, name), i, name));
      }
      return new FieldMapping(targets, header.size());
    }
    for (String entry : spec.split(",")) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException("--map entry '" + entry + "' must be field=column, e.g. user_id=uid");
      }
      String field = entry.substring(0, eq).trim();
      String column = entry.substring(eq + 1).trim();
      Integer at = index.get(column);
      if (at == null) {
        throw new IllegalArgumentException("--map " + field + "=" + column + ": the CSV header has no column '" + column
            + "' (columns: " + String.join(", ", header) + ")");
      }
      if (!seen.add(field)) {
        throw new IllegalArgumentException("--map names the field '" + field + "' twice");
      }
      targets.add(new Target(path(field, entry), at, column));
    }
    return new FieldMapping(targets, header.size());
  }

  private static List<String> path(String field, String entry) {
    List<String> path = List.of(field.split("\\.", -1));
    if (path.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("--map entry '" + entry + "' has an empty field name part");
    }
    return path;
  }

  /** The number of columns every record must have (the header's). */
  public int columns() {
    return columns;
  }

  /**
   * The event built from one record.
   *
   * @throws IllegalArgumentException when the record has the wrong number of fields, or two targets collide
   */
  public ObjectNode apply(List<String> record) {
    if (record.size() != columns) {
      throw new IllegalArgumentException("has " + record.size() + " fields; the header has " + columns);
    }
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    for (Target t : targets) {
      String value = record.get(t.column());
      if (value.isEmpty()) {
        continue;
      }
      ObjectNode parent = event;
      for (int i = 0; i < t.path().size() - 1; i++) {
        String part = t.path().get(i);
        JsonNode child = parent.get(part);
        if (child == null) {
          child = parent.putObject(part);
        } else if (!child.isObject()) {
          throw new IllegalArgumentException("column '" + t.columnName() + "' nests under '" + part
              + "', which another column sets to a value");
        }
        parent = (ObjectNode) child;
      }
      parent.put(t.path().get(t.path().size() - 1), value);
    }
    return event;
  }
}
