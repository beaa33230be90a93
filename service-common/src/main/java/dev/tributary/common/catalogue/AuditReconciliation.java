package dev.tributary.common.catalogue;

import static dev.tributary.common.audit.AuditMeasure.CLEAN;
import static dev.tributary.common.audit.AuditMeasure.DEAD_LETTERED;
import static dev.tributary.common.audit.AuditMeasure.DUPLICATE;
import static dev.tributary.common.audit.AuditMeasure.READ;
import static dev.tributary.common.audit.AuditMeasure.REJECTED;
import static dev.tributary.common.audit.AuditMeasure.TOO_LATE;

import dev.tributary.common.audit.AuditMeasure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The reconciliation view of the audit ledger: per received minute and source, what the pipeline
 * accepted against what landed in the warehouse, and whether every stage has reported past the
 * minute (see {@code docs/AUDIT.md}).
 *
 * <p>Written for ClickHouse 18.16 and current servers alike: no CTE, no window function, no JOIN
 * (the ledger and the landed rows meet through {@code UNION ALL} + {@code GROUP BY}; the stage
 * progress comes from scalar subqueries). Landed rows are counted from the tables themselves,
 * without {@code FINAL}: the warehouse is the truth about what landed, and a duplicated row must
 * show (as a negative gap) until ClickHouse's merges collapse it.
 *
 * <p>Pure; thread-safe.
 */
public final class AuditReconciliation {

  /** Name of the ledger's table. */
  public static final String LEDGER_TABLE = "audit_counts";
  /** Name of the view. */
  public static final String VIEW = "audit_reconciliation_v";
  /** Name of the view of the ingest rejections per received minute, source and rule. */
  public static final String REJECTIONS_VIEW = "audit_rejections_v";
  /**
   * The {@code stage} the transform stage reports as, which is also {@code dead_letters.stage} of the
   * records it routes dead. Only those are a raw record's fate: a dead letter of another stage (the
   * identity stage's refused links, {@code transform-streams/identity}) is about an event that stayed
   * clean, so the balance leaves it out.
   */
  public static final String STREAMS_STAGE = "transform-streams";
  /** The {@code stage} the ingest service reports as. */
  public static final String INGEST_STAGE = "ingest";
  /**
   * The {@code source} of a rejection whose write key is not known: missing, unknown, or not read
   * (the body could not be read or was too large and the key was not in a header).
   */
  public static final String UNIDENTIFIED_SOURCE = "(unidentified)";
  /**
   * How far past a minute's end both stages must have progressed before the minute is closed: the
   * slack for records received in that minute that reach Kafka, and the sink, a little out of
   * order (producer retries, several ingest instances, partitions loaded at different speeds).
   */
  public static final Duration SETTLE = Duration.ofSeconds(60);

  /** Output columns of the view, in order. */
  static final String[] COLUMNS = {"minute", "source", "accepted", "clean_counted", "dead_counted",
      "duplicates", "rejected_at_door", "too_late_for_metrics", "clean_landed", "dead_landed", "gap",
      "clean_gap", "dead_gap", "closed", "streams_progress_ms", "sink_progress_ms", "streams_lag_s",
      "sink_lag_s"};

  private static final String LANDED_CLEAN = "landed:clean";
  private static final String LANDED_DEAD = "landed:dead";

  private AuditReconciliation() {}

  /** The view, for the catalogue. */
  static WarehouseView view(WarehouseTable events, WarehouseTable deadLetters) {
    return WarehouseView.query(VIEW,
        "Per received minute and source: accepted = clean landed + dead-lettered landed + duplicates; gap,"
            + " closed and per-stage progress (see docs/AUDIT.md)",
        query(LEDGER_TABLE, events.name(), deadLetters.name()), COLUMNS);
  }

  /**
   * The ingest rejections per received minute, source and rule ({@code detail} of the ledger's
   * {@code REJECTED} cells, summed over the deltas): "we answered 400 to 312 events of source X at 10:41"
   * as a view, which the reconciliation cannot say (it sums the rules away).
   */
  static WarehouseView rejectionsView() {
    return WarehouseView.query(REJECTIONS_VIEW,
        "Per received minute, source and rule: the events ingest refused at the door (4xx answers and refused"
            + " batch items), from the ledger's REJECTED counts (see docs/AUDIT.md)",
        "SELECT minute, source, detail AS rule, sum(count) AS rejected FROM " + WarehouseView.DATABASE_PLACEHOLDER
            + ".`" + LEDGER_TABLE + "` WHERE stage = '" + INGEST_STAGE + "' AND measure = '"
            + dev.tributary.common.audit.AuditMeasure.REJECTED.name() + "' GROUP BY minute, source, rule",
        "minute", "source", "rule", "rejected");
  }

  /**
   * The view's query restricted to received minutes in {@code [since, until)}, with
   * {@link WarehouseView#DATABASE_PLACEHOLDER} before every table name. The bounds are applied inside each
   * branch, where they prune partitions ({@code audit_counts} by minute, {@code events} by received
   * month) instead of aggregating whole tables and filtering after; the stage progress still looks
   * at everything. Same rows as {@code SELECT * FROM audit_reconciliation_v WHERE minute >= since
   * AND minute < until} for minute-aligned bounds.
   */
  public static String boundedQuery(Instant since, Optional<Instant> until) {
    long from = since.getEpochSecond();
    String ledger = " AND minute >= toDateTime(" + from + ", 'UTC')"
        + until.map(u -> " AND minute < toDateTime(" + u.getEpochSecond() + ", 'UTC')").orElse("");
    String events = " WHERE received_at >= toDateTime(" + from + ", 'UTC')"
        + until.map(u -> " AND received_at < toDateTime(" + u.getEpochSecond() + ", 'UTC')").orElse("");
    String dead = " AND ifNull(received_at_ms, failed_at_ms) >= " + since.toEpochMilli()
        + until.map(u -> " AND ifNull(received_at_ms, failed_at_ms) < " + u.toEpochMilli()).orElse("");
    return query(LEDGER_TABLE, WarehouseTables.EVENTS.name(), WarehouseTables.DEAD_LETTERS.name(), ledger, events, dead);
  }

  static String query(String ledgerTable, String eventsTable, String deadLettersTable) {
    return query(ledgerTable, eventsTable, deadLettersTable, "", "", "");
  }

  private static String query(String ledgerTable, String eventsTable, String deadLettersTable, String ledgerAnd,
      String eventsWhere, String deadAnd) {
    String ledger = table(ledgerTable);
    String events = table(eventsTable);
    String deadLetters = table(deadLettersTable);
    String streamsProgress = "(SELECT min(w) FROM (SELECT reporter, max(watermark_ms) AS w FROM " + ledger
        + " WHERE stage = '" + STREAMS_STAGE + "' GROUP BY reporter))";
    String sinkProgress = "(SELECT max(ms) FROM (SELECT max(received_at_ms) AS ms FROM " + events
        + " UNION ALL SELECT max(ifNull(received_at_ms, failed_at_ms)) AS ms FROM " + deadLetters + "))";
    return "SELECT toDateTime(intDiv(minute_ms, 1000), 'UTC') AS minute, source,"
        + " " + measure(READ) + " AS accepted,"
        + " " + measure(CLEAN) + " AS clean_counted,"
        + " " + measure(DEAD_LETTERED) + " AS dead_counted,"
        + " " + measure(DUPLICATE) + " AS duplicates,"
        + " " + measure(REJECTED) + " AS rejected_at_door,"
        + " " + measure(TOO_LATE) + " AS too_late_for_metrics,"
        + " sumIf(n, kind = '" + LANDED_CLEAN + "') AS clean_landed,"
        + " sumIf(n, kind = '" + LANDED_DEAD + "') AS dead_landed,"
        + " accepted - (clean_landed + dead_landed + duplicates) AS gap,"
        + " clean_counted - clean_landed AS clean_gap,"
        + " dead_counted - dead_landed AS dead_gap,"
        + " " + streamsProgress + " AS streams_progress_ms,"
        + " " + sinkProgress + " AS sink_progress_ms,"
        + " toUInt8(minute_ms + " + (60_000 + SETTLE.toMillis()) + " <= least(streams_progress_ms, sink_progress_ms))"
        + " AS closed,"
        + " toInt64(now()) - intDiv(streams_progress_ms, 1000) AS streams_lag_s,"
        + " toInt64(now()) - intDiv(sink_progress_ms, 1000) AS sink_lag_s"
        + " FROM ("
        + "SELECT minute_ms, source, measure AS kind, sum(count) AS n FROM " + ledger
        + " WHERE measure != '" + AuditMeasure.PROGRESS.name() + "'" + ledgerAnd + " GROUP BY minute_ms, source, kind"
        + " UNION ALL SELECT toInt64(intDiv(received_at_ms, 60000) * 60000) AS minute_ms, source,"
        + " '" + LANDED_CLEAN + "' AS kind, toInt64(count()) AS n FROM " + events
        + eventsWhere + " GROUP BY minute_ms, source"
        + " UNION ALL SELECT toInt64(intDiv(ifNull(received_at_ms, failed_at_ms), 60000) * 60000) AS minute_ms,"
        + " ifNull(source, '') AS source, '" + LANDED_DEAD + "' AS kind, toInt64(count()) AS n FROM "
        + deadLetters + " WHERE stage = '" + STREAMS_STAGE + "'" + deadAnd + " GROUP BY minute_ms, source"
        + ") GROUP BY minute_ms, source";
  }

  /** {@code {db}.`name`}: table names of the catalogue are plain identifiers, quoted like every other. */
  private static String table(String name) {
    return WarehouseView.DATABASE_PLACEHOLDER + ".`" + name + "`";
  }

  private static String measure(AuditMeasure m) {
    return "sumIf(n, kind = '" + m.name() + "')";
  }
}
