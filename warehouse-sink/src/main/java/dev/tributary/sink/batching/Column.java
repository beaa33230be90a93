package dev.tributary.sink.batching;

import java.util.Objects;

/** One column of a warehouse table: name and type. Immutable. */
public record Column(String name, ColumnType type) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  static Column of(String name, ColumnType type) {
    return new Column(name, type);
  }
}
