package dev.tributary.console.query;

import dev.tributary.warehouse.schema.Sql;

/**
 * A value bound to one {@code ?} of a {@link ConsoleQuery}. User input reaches the warehouse only as
 * one of these: the driver binds it, and {@link #literal()} renders the same value as a ClickHouse
 * literal so the console can show the exact query it ran.
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface SqlParam {

  /** The value as a ClickHouse SQL literal (quoted and escaped for text). */
  String literal();

  /** A text value, bound with {@code setString}. */
  record Text(String value) implements SqlParam {
    public Text {
      java.util.Objects.requireNonNull(value, "value");
    }

    @Override
    public String literal() {
      return Sql.literal(value);
    }
  }

  /** A whole number (epoch seconds of a time bound, a row limit), bound with {@code setLong}. */
  record Int(long value) implements SqlParam {
    @Override
    public String literal() {
      return Long.toString(value);
    }
  }
}
