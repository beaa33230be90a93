package dev.tributary.localstack.reconcile;

import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.common.catalogue.WarehouseView;
import dev.tributary.localstack.component.ClickHouseHttp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the reconciliation view of the warehouse over ClickHouse's HTTP interface (as a read-only
 * user: it only selects). Thread-safe (the client is).
 */
public final class LedgerReader implements Ledger {

  private static final int FIELDS = 14;

  private final ClickHouseHttp clickhouse;
  private final String database;

  public LedgerReader(ClickHouseHttp clickhouse, String database) {
    this.clickhouse = Objects.requireNonNull(clickhouse, "clickhouse");
    this.database = Objects.requireNonNull(database, "database");
  }

  @Override
  public List<MinuteBalance> read(Instant since, Optional<Instant> until) {
    // the view's own query, bounded inside (no full-table aggregation for a short range)
    String ledger = AuditReconciliation.boundedQuery(since, until)
        .replace(WarehouseView.DATABASE_PLACEHOLDER, "`" + database.replace("\\", "\\\\").replace("`", "\\`") + "`");
    // the source is the only free text: read as hex, it comes back byte for byte, with no TSV escaping to undo
    String sql = "SELECT toUInt32(minute), accepted, clean_landed, dead_landed, duplicates, rejected_at_door,"
        + " too_late_for_metrics, gap,"
        + " clean_gap, dead_gap, closed, streams_lag_s, sink_lag_s, hex(source) FROM (" + ledger + ")"
        + " ORDER BY minute, source FORMAT TabSeparated";
    List<MinuteBalance> rows = new ArrayList<>();
    for (String line : clickhouse.query(sql).split("\n")) {
      if (!line.isEmpty()) {
        rows.add(parse(line));
      }
    }
    return rows;
  }

  static MinuteBalance parse(String line) {
    String[] f = line.split("\t", FIELDS);
    if (f.length != FIELDS) {
      throw new IllegalStateException("unexpected row from " + AuditReconciliation.VIEW + ": " + line);
    }
    return new MinuteBalance(Instant.ofEpochSecond(Long.parseLong(f[0])),
        new String(HexFormat.of().parseHex(f[13]), StandardCharsets.UTF_8), n(f[1]), n(f[2]), n(f[3]), n(f[4]), n(f[5]),
        n(f[6]), n(f[7]), n(f[8]), n(f[9]), n(f[10]) != 0, n(f[11]), n(f[12]));
  }

  private static long n(String field) {
    return Long.parseLong(field);
  }
}
