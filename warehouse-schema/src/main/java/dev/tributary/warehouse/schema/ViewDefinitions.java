package dev.tributary.warehouse.schema;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a view in the warehouse still has the definition this version ships. Views are
 * created {@code IF NOT EXISTS}, so without this a view whose SQL changed between versions (a new
 * column, a corrected rollup) would keep its old definition on an existing warehouse forever.
 *
 * <p>ClickHouse stores a view as its own formatting of the query ({@code system.tables.create_table_query}:
 * expanded column list, normalised spacing), so the text the catalogue generates cannot be compared
 * with it directly. The sink therefore creates the shipped definition under a probe name and
 * compares the server's two formattings, with the probe's name put back: equal means the view is
 * current; different means it is dropped and created again (views hold no data). This also covers a
 * {@code SELECT *} view that lacks columns added to its table since it was created.
 *
 * <p>Pure; thread-safe.
 */
public final class ViewDefinitions {

  /** Marks probe views, so leftovers of a sink killed mid-check can be found and dropped. */
  public static final String PROBE_MARKER = "__tributary_probe_";

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private ViewDefinitions() {}

  /** The name of the probe for {@code view}; {@code nonce} keeps concurrent sink instances apart. */
  public static String probeName(String view, long nonce) {
    return view + PROBE_MARKER + Long.toHexString(nonce).toLowerCase(Locale.ROOT);
  }

  /** Whether {@code name} is a probe view (a leftover when it outlives its check). */
  public static boolean isProbe(String name) {
    return name.contains(PROBE_MARKER);
  }

  /**
   * Whether the stored definition of {@code view} equals the stored definition of its probe.
   *
   * @param stored the view's {@code create_table_query}
   * @param probe the probe's {@code create_table_query}
   */
  public static boolean current(String view, String stored, String probeName, String probe) {
    // the probe's name is unique (it carries the marker and a nonce), so replacing it is exact whatever
    // quoting the server chose; neither name needs quoting, so both are quoted alike
    return normalise(stored).equals(normalise(probe.replace(probeName, view)));
  }

  private static String normalise(String createQuery) {
    return SPACES.matcher(createQuery.strip()).replaceAll(" ");
  }
}
