package dev.tributary.common.catalogue;

import java.util.Objects;

/**
 * One column of a warehouse table: name, type, and what it holds, for the people who query it (the
 * description is published with the warehouse schema). Immutable.
 */
public record Column(String name, ColumnType type, String doc) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    if (name.isBlank() || doc.isBlank()) {
      throw new IllegalArgumentException("a column needs a name and a description: " + name);
    }
  }

  public static Column of(String name, ColumnType type, String doc) {
    return new Column(name, type, doc);
  }
}
