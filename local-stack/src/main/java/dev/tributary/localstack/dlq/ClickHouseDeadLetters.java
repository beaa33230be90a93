package dev.tributary.localstack.dlq;

import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.warehouse.schema.Sql;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.nio.charset.StandardCharsets;

/**
 * Reads dead letters from the warehouse's {@code dead_letters} table (the sink loads each exactly
 * once), as a read-only user. Text columns travel hex-encoded, so any bytes — the raw payload of an
 * undecodable record, an event id with tabs — come back exact.
 *
 * <p>Thread-safe (the HTTP client is).
 */
public final class ClickHouseDeadLetters implements DeadLetterSource {

  private static final HexFormat HEX = HexFormat.of();

  private final ClickHouseHttp clickhouse;
  private final String database;

  public ClickHouseDeadLetters(ClickHouseHttp clickhouse, String database) {
    this.clickhouse = clickhouse;
    this.database = database;
  }

  @Override
  public List<DeadLetterToReplay> find(ReplayFilter filter) {
    String tsv = clickhouse.query(database, sql(filter)).strip();
    List<DeadLetterToReplay> out = new ArrayList<>();
    if (tsv.isEmpty()) {
      return out;
    }
    for (String line : tsv.split("\n")) {
      out.add(parse(line));
    }
    return out;
  }

  static String sql(ReplayFilter filter) {
    List<String> where = new ArrayList<>();
    if (!filter.reasons().isEmpty()) {
      where.add("reason IN (" + String.join(", ", filter.reasons().stream().map(Sql::literal).toList()) + ")");
    }
    filter.source().ifPresent(s -> where.add("source = " + Sql.literal(s)));
    filter.since().ifPresent(t -> where.add("failed_at_ms >= " + t.toEpochMilli()));
    filter.until().ifPresent(t -> where.add("failed_at_ms < " + t.toEpochMilli()));
    return "SELECT hex(source_topic), source_partition, source_offset, hex(reason),"
        + " isNull(event_id), hex(ifNull(event_id, '')), isNull(source), hex(ifNull(source, '')),"
        + " isNull(received_at_ms), ifNull(received_at_ms, 0), isNull(raw_key), hex(ifNull(raw_key, '')),"
        + " hex(raw_payload) FROM " + Sql.identifier(WarehouseTables.DEAD_LETTERS.name())
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY failed_at_ms, source_topic, source_partition, source_offset FORMAT TabSeparated";
  }

  static DeadLetterToReplay parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 13) {
      throw new IllegalStateException("unexpected dead_letters row (" + f.length + " columns): " + line);
    }
    DeadLetterOrigin origin = new DeadLetterOrigin(text(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]));
    return new DeadLetterToReplay(origin, text(f[3]),
        f[4].equals("1") ? null : text(f[5]),
        f[6].equals("1") ? null : text(f[7]),
        f[8].equals("1") ? null : Long.parseLong(f[9]),
        f[10].equals("1") ? null : HEX.parseHex(f[11]),
        HEX.parseHex(f[12]));
  }

  private static String text(String hex) {
    return new String(HEX.parseHex(hex), StandardCharsets.UTF_8);
  }
}
