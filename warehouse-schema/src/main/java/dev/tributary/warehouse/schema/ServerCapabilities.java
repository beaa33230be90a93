package dev.tributary.warehouse.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the connected ClickHouse server can do beyond the 18.16 baseline the sink is written for.
 * Today one thing matters: server-side insert deduplication for non-replicated tables
 * ({@code non_replicated_deduplication_window} on the table plus {@code insert_deduplication_token}
 * per INSERT, both present from 22.2). With it, an INSERT retried after an unknown outcome is
 * dropped by the server even without the sink's resume query; without it (18.16) the resume query
 * alone decides. Either way the sink's guarantee is the same; this is a second line of defence.
 *
 * <p>Immutable; thread-safe.
 */
public record ServerCapabilities(String version, boolean insertDeduplicationToken) {

  /** Blocks remembered per table for deduplication when the server supports it. */
  public static final int DEDUPLICATION_WINDOW = 1000;

  private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

  /**
   * Whether the server knows {@code insert_quorum_parallel} (21.1 on; its default of 1 lets quorum inserts
   * overlap, which {@code select_sequential_consistency} does not cover). Older servers write quorum
   * inserts of a table one after another and refuse the unknown setting.
   */
  public boolean insertQuorumParallel() {
    Matcher m = MAJOR_MINOR.matcher(version);
    return m.find() && Integer.parseInt(m.group(1)) >= 21;
  }

  /** Capabilities of a server answering {@code SELECT version()} with {@code version}. */
  public static ServerCapabilities of(String version) {
    Matcher m = MAJOR_MINOR.matcher(version.strip());
    if (!m.find()) {
      return new ServerCapabilities(version.strip(), false);
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return new ServerCapabilities(version.strip(), major > 22 || (major == 22 && minor >= 2));
  }
}
