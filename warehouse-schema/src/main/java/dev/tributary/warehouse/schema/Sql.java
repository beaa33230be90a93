package dev.tributary.warehouse.schema;

/**
 * The only SQL escaping the sink does itself (ClickHouse 18.16 has no query parameters):
 * identifiers in backticks and string literals in single quotes, both with backslash escapes as
 * ClickHouse's lexer reads them. Everything else interpolated into SQL is a number.
 *
 * <p>Pure; thread-safe.
 */
public final class Sql {

  private Sql() {}

  /** {@code my`db} → {@code `my\`db`}. */
  public static String identifier(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("an identifier must not be empty");
    }
    return '`' + escape(name, '`') + '`';
  }

  /** {@code db}, {@code events} → {@code `db`.`events`}. */
  public static String qualified(String database, String table) {
    return identifier(database) + '.' + identifier(table);
  }

  /** {@code it's} → {@code 'it\'s'}. */
  public static String literal(String value) {
    return '\'' + escape(value, '\'') + '\'';
  }

  private static String escape(String s, char quote) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\0' -> sb.append("\\0");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == quote) {
            sb.append('\\');
          }
          sb.append(c);
        }
      }
    }
    return sb.toString();
  }
}
