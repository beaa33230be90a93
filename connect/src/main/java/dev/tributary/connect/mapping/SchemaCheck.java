package dev.tributary.connect.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@link CdcMapping} against the database it captures, before anything starts: every
 * mapped table exists, every column the mapping names exists, and a table whose deletes are events
 * has {@code REPLICA IDENTITY FULL} (else a delete carries the key alone and could not name its
 * user). Reports every problem at once, each naming its table and column.
 *
 * <p>Pure; stateless and thread-safe.
 */
public final class SchemaCheck {

  /** What the database says about one table. */
  public record TableShape(Set<String> columns, boolean replicaIdentityFull) {
    public TableShape {
      columns = Set.copyOf(columns);
    }
  }

  private SchemaCheck() {}

  /**
   * @param lookup the shape of a {@code schema.table}, empty when the database has no such table
   * @return the problems, empty when the mapping fits the database
   */
  public static List<String> problems(CdcMapping mapping, java.util.function.Function<String, Optional<TableShape>> lookup) {
    List<String> problems = new ArrayList<>();
    for (TableMapping t : mapping.tables()) {
      Optional<TableShape> shape = lookup.apply(t.table());
      if (shape.isEmpty()) {
        problems.add("table " + t.table() + " does not exist in the database");
        continue;
      }
      for (String column : t.columns()) {
        if (!shape.get().columns().contains(column)) {
          problems.add("table " + t.table() + " has no column " + column + " (has " + String.join(", ",
              shape.get().columns().stream().sorted().toList()) + ")");
        }
      }
      if (t.eventName(Operation.DELETE).isPresent() && !shape.get().replicaIdentityFull()) {
        problems.add("table " + t.table() + " maps deletes but lacks REPLICA IDENTITY FULL, so a delete would carry"
            + " only its key: ALTER TABLE " + t.table() + " REPLICA IDENTITY FULL");
      }
    }
    return problems;
  }

  /** {@link #problems} over a map of shapes. */
  public static List<String> problems(CdcMapping mapping, Map<String, TableShape> shapes) {
    return problems(mapping, table -> Optional.ofNullable(shapes.get(table)));
  }
}
