package dev.tributary.connect.mapping;

import java.util.Locale;
import java.util.Optional;

/**
 * What happened to a row, as Debezium's {@code op} field says it: a snapshot read of an existing
 * row, an insert, an update or a delete. Immutable.
 */
public enum Operation {
  /** {@code r}: the row existed when the connector took its initial snapshot. */
  SNAPSHOT("r"),
  /** {@code c}: the row was inserted. */
  INSERT("c"),
  /** {@code u}: the row was updated. */
  UPDATE("u"),
  /** {@code d}: the row was deleted. */
  DELETE("d");

  private final String code;

  Operation(String code) {
    this.code = code;
  }

  /** Debezium's one-letter code. */
  public String code() {
    return code;
  }

  /** The name used in mapping keys and event properties: {@code snapshot}, {@code insert}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operation of a Debezium {@code op} code; empty for codes that are not row changes ({@code t}, {@code m}). */
  public static Optional<Operation> ofCode(String code) {
    for (Operation op : values()) {
      if (op.code.equals(code)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
