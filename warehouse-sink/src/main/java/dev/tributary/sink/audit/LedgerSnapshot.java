package dev.tributary.sink.audit;

import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.common.catalogue.WarehouseView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the audit gauges show, computed from rows of the reconciliation view: the latest closed
 * minute, its gap per source and in total, how many closed minutes of the window do not balance,
 * and each stage's lag. The same figures as {@code bin/tributary reconcile} (see docs/AUDIT.md).
 *
 * <p>Immutable and thread-safe; pure.
 *
 * @param latestClosedMinute start of the latest closed minute in the window, empty when none is closed
 * @param gapBySource that minute's gap per source (every source with a row in it)
 * @param unbalancedClosedMinutes closed (minute, source) rows of the window with a non-zero gap
 * @param streamsLagSeconds {@code now()} minus the transform stage's progress, empty without rows
 * @param sinkLagSeconds {@code now()} minus the sink's progress, empty without rows
 */
public record LedgerSnapshot(Optional<Instant> latestClosedMinute, Map<String, Long> gapBySource,
    long unbalancedClosedMinutes, Optional<Long> streamsLagSeconds, Optional<Long> sinkLagSeconds) {

  /** Fields of {@link #query}'s rows. */
  private static final int FIELDS = 6;

  public LedgerSnapshot {
    gapBySource = Map.copyOf(gapBySource);
  }

  /** Nothing read yet. */
  public static final LedgerSnapshot EMPTY = new LedgerSnapshot(Optional.empty(), Map.of(), 0, Optional.empty(),
      Optional.empty());

  /** One row of the view, as {@link #query} selects it. */
  record Row(Instant minute, String source, long gap, boolean closed, long streamsLagSeconds, long sinkLagSeconds) {}

  /**
   * The view's query for received minutes since {@code since}, in database {@code database}, as
   * TabSeparated rows of minute (epoch seconds), source (hex: byte for byte, no escaping), gap,
   * closed and both lags.
   */
  public static String query(String database, Instant since) {
    String view = AuditReconciliation.boundedQuery(since, Optional.empty())
        .replace(WarehouseView.DATABASE_PLACEHOLDER, "`" + database.replace("\\", "\\\\").replace("`", "\\`") + "`");
    return "SELECT toUInt32(minute), hex(source), gap, closed, streams_lag_s, sink_lag_s FROM (" + view + ")"
        + " FORMAT TabSeparated";
  }

  /** The snapshot of the rows {@link #query} returned. */
  public static LedgerSnapshot parse(String tabSeparated) {
    List<Row> rows = new ArrayList<>();
    for (String line : tabSeparated.split("\n")) {
      if (!line.isEmpty()) {
        rows.add(row(line));
      }
    }
    return of(rows);
  }

  static LedgerSnapshot of(List<Row> rows) {
    Optional<Instant> latest = rows.stream().filter(Row::closed).map(Row::minute).max(Instant::compareTo);
    Map<String, Long> gaps = new TreeMap<>();
    latest.ifPresent(m -> rows.stream().filter(r -> r.closed() && r.minute().equals(m))
        .forEach(r -> gaps.merge(r.source(), r.gap(), Long::sum)));
    long unbalanced = rows.stream().filter(r -> r.closed() && r.gap() != 0).count();
    Optional<Row> any = rows.stream().findFirst();
    return new LedgerSnapshot(latest, gaps, unbalanced, any.map(Row::streamsLagSeconds), any.map(Row::sinkLagSeconds));
  }

  /** The latest closed minute's gap over every source. */
  public long totalGap() {
    return gapBySource.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Row row(String line) {
    String[] f = line.split("\t", FIELDS);
    if (f.length != FIELDS) {
      throw new IllegalStateException("unexpected row from " + AuditReconciliation.VIEW + ": " + line);
    }
    return new Row(Instant.ofEpochSecond(Long.parseLong(f[0])),
        new String(HexFormat.of().parseHex(f[1]), StandardCharsets.UTF_8), Long.parseLong(f[2]),
        Long.parseLong(f[3]) != 0, Long.parseLong(f[4]), Long.parseLong(f[5]));
  }
}
