package dev.tributary.console.query;

import java.util.List;
import java.util.Objects;

/**
 * One query behind one chart or table of the console: a SQL template whose {@code ?} marks are
 * bound to {@link #params()} by the driver, never spliced from user input. {@link #sql()} is the
 * same query with the values written in as literals — what the page's "show SQL" prints, runnable
 * as it stands in {@code clickhouse-client} as the analyst user.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name what the query answers, e.g. {@code metrics.series}
 * @param template SQL with one {@code ?} per parameter (outside quoted literals)
 * @param params the bound values, in order
 */
public record ConsoleQuery(String name, String template, List<SqlParam> params) {

  public ConsoleQuery {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(template, "template");
    params = List.copyOf(params);
    int marks = placeholders(template);
    if (marks != params.size()) {
      throw new IllegalArgumentException("query " + name + " has " + marks + " placeholders but " + params.size()
          + " parameters");
    }
  }

  /** A query with its parameters. */
  public static ConsoleQuery of(String name, String template, SqlParam... params) {
    return new ConsoleQuery(name, template, List.of(params));
  }

  /** The query with every parameter written in as a literal: exactly what runs, for people to read and rerun. */
  public String sql() {
    StringBuilder out = new StringBuilder(template.length() + 16 * params.size());
    int next = 0;
    boolean quoted = false;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (quoted && c == '\\' && i + 1 < template.length()) {
        out.append(c).append(template.charAt(++i));
        continue;
      }
      if (c == '\'') {
        quoted = !quoted;
      }
      if (c == '?' && !quoted) {
        out.append(params.get(next++).literal());
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The number of {@code ?} outside single-quoted literals. */
  static int placeholders(String template) {
    int count = 0;
    boolean quoted = false;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '\'') {
        quoted = !quoted;
      } else if (c == '?' && !quoted) {
        count++;
      }
    }
    return count;
  }
}
