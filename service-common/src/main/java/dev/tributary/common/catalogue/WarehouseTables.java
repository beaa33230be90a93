package dev.tributary.common.catalogue;

import static dev.tributary.common.catalogue.ColumnType.ARRAY_UINT64;
import static dev.tributary.common.catalogue.ColumnType.DATETIME;
import static dev.tributary.common.catalogue.ColumnType.FLOAT64;
import static dev.tributary.common.catalogue.ColumnType.INT32;
import static dev.tributary.common.catalogue.ColumnType.INT64;
import static dev.tributary.common.catalogue.ColumnType.NULLABLE_FLOAT64;
import static dev.tributary.common.catalogue.ColumnType.NULLABLE_INT64;
import static dev.tributary.common.catalogue.ColumnType.NULLABLE_STRING;
import static dev.tributary.common.catalogue.ColumnType.STRING;
import static dev.tributary.common.catalogue.ColumnType.UINT64;
import static dev.tributary.common.catalogue.WarehouseTime.dateTimeSeconds;

import dev.tributary.common.catalogue.RowConverter.TableRow;
import dev.tributary.events.AuditCount;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReplay;
import dev.tributary.events.ExperimentChange;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse tables of the {@link Datasets} and the converters that fill them, side by side so
 * that a column and the value written to it are read (and changed) together. Every converter
 * writes the columns in declaration order.
 *
 * <p>Pure and stateless; thread-safe.
 */
public final class WarehouseTables {

  private static final List<Column> EVENT_COLUMNS = List.of(
      Column.of("event_id", STRING, "Idempotency key: the client's messageId/event_id, or one the ingest service generated"),
      Column.of("type", STRING, "Call type: track, identify, page, screen, group or alias"),
      Column.of("event", STRING, "Event name: the track event, the page or screen name, else the call type (identify, group, alias...)"),
      Column.of("user_id", NULLABLE_STRING, "The user's id as the app knows them; null for anonymous visitors"),
      Column.of("anonymous_id", NULLABLE_STRING, "Device/browser id the SDK generated; null when the call had none"),
      Column.of("timestamp", DATETIME, "Event time (UTC) after clock-skew correction with sent_at"),
      Column.of("timestamp_ms", INT64, "Event time, epoch milliseconds"),
      Column.of("original_timestamp_ms", NULLABLE_INT64, "The client's timestamp as sent, epoch milliseconds"),
      Column.of("sent_at_ms", NULLABLE_INT64, "When the client sent the request, by its clock, epoch milliseconds"),
      Column.of("received_at", DATETIME, "When the ingest service received the event (server clock, UTC)"),
      Column.of("received_at_ms", INT64, "Received time, epoch milliseconds"),
      Column.of("source", STRING, "Source name that the write key maps to"),
      Column.of("properties", STRING, "Event properties, JSON object text ({} when absent)"),
      Column.of("context", STRING, "Client context (library, page, device...), JSON object text"),
      Column.of("revenue", NULLABLE_FLOAT64, "properties.revenue when it is a finite number"),
      // added after the first release: nullable, so the sink can add them to existing tables
      Column.of("traits", NULLABLE_STRING, "Traits of an identify or group call, JSON object text"),
      Column.of("group_id", NULLABLE_STRING, "groupId of a group call"),
      Column.of("previous_id", NULLABLE_STRING, "previousId of an alias call: the identity merged into user_id"),
      Column.of("session_id", NULLABLE_STRING, "The session the event was assigned to when emitted; if that"
          + " session later merged, sessions.merged_into names the survivor (events_by_person_v resolves it)"),
      Column.of("backfill", NULLABLE_INT64, "1 for an event imported as history (POST /v1/import, bin/tributary import):"
          + " its minute is counted in " + BackfillTables.TABLE + ", not in metrics_minute; null for live events"));

  public static final WarehouseTable EVENTS = WarehouseTable.of("events",
      "One row per clean event (a ReplacingMergeTree on the event id: read events_v for each event once).",
      EVENT_COLUMNS,
      TableEngine.replacing(), "received_at", List.of("event", "toDate(timestamp)", "event_id"),
      List.of(WarehouseView.allColumns("events_v", "Every clean event exactly once (events FINAL); start here"),
          WarehouseView.unmerged("events_fast_v", "Every clean event the sink delivered, read without FINAL: 6-18x"
                  + " faster on large tables. The sink loads each record of the clean topic exactly once (crash-tested),"
                  + " so this view misses no delivered event and shows a record once; it differs from events_v only"
                  + " where the ReplacingMergeTree backstop acts: one event id in two clean records (streams drops a"
                  + " copy with the same identity within dedupe.window.ms; one re-sent later, or under another"
                  + " identity, passes), or a sink instance that lost its partition completing an INSERT its successor"
                  + " repeats. Such rows show twice here until a background merge collapses them; events_v shows them"
                  + " once at once if they share event name, day and received month (FINAL collapses nothing across"
                  + " those). Dashboards may use it; audits use events_v. Counts by event name over days or weeks:"
                  + " the rollups metrics_hour_v and metrics_day_v rather than a scan of this view",
              "SELECT " + String.join(", ", EVENT_COLUMNS.stream().map(Column::name).toList()) + " FROM {db}.`events`",
              EVENT_COLUMNS.stream().map(Column::name).toArray(String[]::new))));

  private static final List<Column> DEAD_LETTER_COLUMNS = List.of(
      Column.of("reason", STRING, "Typed reason, e.g. MALFORMED_JSON, MISSING_FIELD, UNDESERIALIZABLE"),
      Column.of("detail", STRING, "Human-readable: names the field and the rule"),
      Column.of("field", NULLABLE_STRING, "JSON path of the offending field, when there is one"),
      Column.of("stage", STRING, "The stage that rejected it, e.g. transform-streams"),
      Column.of("failed_at", DATETIME, "When it was rejected (UTC)"),
      Column.of("failed_at_ms", INT64, "When it was rejected, epoch milliseconds"),
      Column.of("event_id", NULLABLE_STRING, "Event id, when the record was readable"),
      Column.of("source", NULLABLE_STRING, "Source name, when the record was readable"),
      Column.of("received_at_ms", NULLABLE_INT64, "When ingest received it, epoch milliseconds, when readable"),
      Column.of("source_topic", STRING, "Topic of the rejected record"),
      Column.of("source_partition", INT32, "Partition of the rejected record"),
      Column.of("source_offset", INT64, "Offset of the rejected record"),
      Column.of("raw_key", NULLABLE_STRING, "Key bytes of the rejected record"),
      Column.of("raw_payload", STRING, "Value bytes exactly as read (or the event JSON when readable): replayable"));

  public static final WarehouseTable DEAD_LETTERS = WarehouseTable.of("dead_letters",
      "One row per record that failed after the front door, with why and its exact bytes.",
      DEAD_LETTER_COLUMNS,
      TableEngine.mergeTree(), "failed_at", List.of("reason", "failed_at"),
      // a plain MergeTree the sink loads exactly once, so the view needs no FINAL; it keeps readers off the table
      List.of(WarehouseView.query("dead_letters_v", "Every dead letter once, with its reason, detail and exact bytes",
          "SELECT " + String.join(", ", DEAD_LETTER_COLUMNS.stream().map(Column::name).toList()) + " FROM {db}.`dead_letters`",
          DEAD_LETTER_COLUMNS.stream().map(Column::name).toArray(String[]::new))));

  private static final String MINUTES = "metrics_minute";
  private static final String TOO_LATE = "metrics_too_late";

  public static final WarehouseTable METRICS_MINUTE = WarehouseTable.of(MINUTES,
      "Per event name, source and event-time minute: count, distinct users and revenue; provisional updates,"
              + " then one final row. The highest updated_at_ms of a key wins (read metrics_minute_v).",
      List.of(
          Column.of("minute", DATETIME, "Start of the event-time minute (UTC)"),
          Column.of("minute_ms", INT64, "Start of the minute, epoch milliseconds"),
          Column.of("event", STRING, "Event name"),
          Column.of("source", STRING, "Source name of the write key the events came with ('' for rows written before sources were kept apart)"),
          Column.of("status", STRING, "provisional while the minute can still change; final once stream time passed the minute's end"
              + " plus metrics.grace.ms (nothing changes a final row; later events go to metrics_too_late)"),
          Column.of("count", UINT64, "Clean events of that name and source in that minute"),
          Column.of("distinct_users", UINT64, "Distinct identities (user_id, else anonymous_id) among them, exact over 64-bit hashes"),
          Column.of("revenue", FLOAT64, "Sum of their revenue"),
          Column.of("user_hashes", ARRAY_UINT64, "The distinct identities as sipHash64(user_id, else anonymous_id), ascending as signed"
              + " 64-bit: exact distinct users over minutes are uniqExactArray(user_hashes), never a sum of distinct_users"
              + " (the hour and day views read the faster hourly states of " + UserRollup.TABLE + ")"),
          Column.of("updated_at_ms", INT64, "Version: the stream time (latest event time the streams task had seen) when the row was"
              + " emitted; deterministic, strictly increasing per key, highest on the final row")),
      TableEngine.replacing("updated_at_ms"), "minute", List.of("minute", "event", "source"),
      List.of(
          queryView("metrics_minute_v", "The latest row per minute, event name and source, with its status and"
                  + " the events that came too late for it (counted in metrics_too_late, not in count) next to it;"
                  + " imported history (" + BackfillTables.TABLE + ") is added in, its events also in"
                  + " backfilled_events, and a minute of history only has status backfilled (distinct_users of a"
                  + " minute with both live and imported events adds the two sets' sizes)",
              List.of("minute", "event", "source", "status", "count", "distinct_users", "revenue", "too_late_events",
                  "too_late_revenue", "updated_at_ms", "backfilled_events"),
              // inner columns are renamed (c, u, r...) so that no output alias names a column it aggregates
              // (sum(count) AS count is refused by newer servers); UNION ALL matches columns by position.
              // max(s): 'provisional' > 'final' > 'backfilled' > '' (too-late rows), so a live status wins
              """
              SELECT minute, event, source, if(max(s) = '', 'final', max(s)) AS status, sum(c) AS count, \
              sum(u) AS distinct_users, sum(r) AS revenue, sum(l) AS too_late_events, sum(lr) AS too_late_revenue, \
              max(v) AS updated_at_ms, sum(b) AS backfilled_events \
              FROM (SELECT minute, event, source, status AS s, count AS c, distinct_users AS u, revenue AS r, \
              toUInt64(0) AS l, toFloat64(0) AS lr, updated_at_ms AS v, toUInt64(0) AS b FROM {db}.`metrics_minute` FINAL \
              UNION ALL SELECT minute, event, source, '' AS s, toUInt64(0) AS c, toUInt64(0) AS u, toFloat64(0) AS r, \
              toUInt64(1) AS l, revenue AS lr, stream_time_ms AS v, toUInt64(0) AS b FROM {db}.`metrics_too_late` \
              UNION ALL SELECT minute, event, source, status AS s, count AS c, distinct_users AS u, revenue AS r, \
              toUInt64(0) AS l, toFloat64(0) AS lr, toInt64(0) AS v, count AS b FROM {db}.`%s` FINAL) \
              GROUP BY minute, event, source""".formatted(BackfillTables.TABLE)),
          CountRollup.view("metrics_hour_v", "hour", "toStartOfHour(minute)", "hour", MINUTES, TOO_LATE),
          CountRollup.view("metrics_day_v", "day", "toDate(minute)", "toDate(hour)", MINUTES, TOO_LATE)));

  public static final WarehouseTable METRICS_TOO_LATE = WarehouseTable.of(TOO_LATE,
      "One row per clean event that arrived after its minute was final: the corrections to metrics_minute's final rows.",
      List.of(
          Column.of("minute", DATETIME, "Start of the event-time minute the event belongs to (UTC)"),
          Column.of("minute_ms", INT64, "Start of that minute, epoch milliseconds"),
          Column.of("event", STRING, "Event name"),
          Column.of("source", STRING, "Source name of the write key"),
          Column.of("event_time_ms", INT64, "The event's (clock-skew corrected) time, epoch milliseconds"),
          Column.of("stream_time_ms", INT64, "Stream time of the streams task when it judged the event too late"),
          Column.of("revenue", FLOAT64, "The event's revenue (0 when none)"),
          Column.of("user_hash", UINT64, "sipHash64(user_id, else anonymous_id)")),
      TableEngine.mergeTree(), "minute", List.of("minute", "event", "source"),
      List.of(queryView("metrics_too_late_v", "Events that came too late for their final minute, per minute,"
              + " event name and source",
          List.of("minute", "event", "source", "too_late_events", "too_late_users", "too_late_revenue"),
          "SELECT minute, event, source, count() AS too_late_events, uniqExact(user_hash) AS too_late_users,"
              + " sum(revenue) AS too_late_revenue FROM {db}.`metrics_too_late` GROUP BY minute, event, source")));

  public static final WarehouseTable DEAD_LETTER_REPLAYS = WarehouseTable.of("dead_letter_replays",
      "One row per dead letter that bin/tributary dlq replay sent back through the pipeline (each at most once).",
      List.of(
          Column.of("source_topic", STRING, "Topic of the dead-lettered record (dead_letters.source_topic)"),
          Column.of("source_partition", INT32, "Its partition (dead_letters.source_partition)"),
          Column.of("source_offset", INT64, "Its offset (dead_letters.source_offset): with the two above, which dead letter"),
          Column.of("reason", STRING, "The dead letter's reason"),
          Column.of("event_id", NULLABLE_STRING, "The event id, unchanged by the replay; null for an undecodable record"),
          Column.of("source", NULLABLE_STRING, "Source name, when the record was readable"),
          Column.of("received_at_ms", NULLABLE_INT64, "When ingest first received it, epoch milliseconds (kept by the replay)"),
          Column.of("replayed_at", DATETIME, "When it was sent back (UTC)"),
          Column.of("replayed_at_ms", INT64, "When it was sent back, epoch milliseconds"),
          Column.of("replay_id", STRING, "Id of the replay run"),
          Column.of("target_topic", STRING, "The topic it was sent back to")),
      TableEngine.mergeTree(), "replayed_at", List.of("source_topic", "source_partition", "source_offset"), List.of());

  public static final WarehouseTable EXPERIMENT_CHANGES = WarehouseTable.of("experiment_changes",
      "One row per change to an experiment definition, with who and when (a ReplacingMergeTree on the change id:"
              + " a change published twice is one row in experiment_changes_v).",
      List.of(
          Column.of("change_id", STRING, "<experiment key>:<phase>:<hash of the change's content>; the same change always has the same id"),
          Column.of("experiment_key", STRING, "The experiment's key"),
          Column.of("phase", INT32, "The experiment's phase after the change"),
          Column.of("kind", STRING, "snapshot (first load after a restart), created, removed, status_changed, coverage_changed, phase_started, seed_changed, weights_changed or updated"),
          Column.of("field", STRING, "The definition field that changed (coverage, status, variants...); * for snapshot, created and removed"),
          Column.of("from_value", NULLABLE_STRING, "The value before (null for snapshot and created, or an unset field)"),
          Column.of("to_value", NULLABLE_STRING, "The value after (null for removed, or an unset field); a snapshot or creation lists every field"),
          Column.of("changed_by", STRING, "Who made the change: the definitions file's changed_by (per experiment, else for the file), else unknown"),
          Column.of("changed_at", DATETIME, "When the change was made (UTC): the file's changed_at, else its modification time"),
          Column.of("changed_at_ms", INT64, "When the change was made, epoch milliseconds"),
          Column.of("recorded_at_ms", INT64, "When the ingest service accepted the file and published the change, epoch milliseconds")),
      TableEngine.replacing(), "changed_at", List.of("experiment_key", "change_id"),
      List.of(WarehouseView.allColumns("experiment_changes_v",
          "Every change to experiment definitions once (experiment_changes FINAL): who ramped to 20% and when")));

  public static final WarehouseTable AUDIT_COUNTS = WarehouseTable.of(AuditReconciliation.LEDGER_TABLE,
      "The audit ledger: one row per report of one cell (stage, reporter, received minute, source, measure,"
          + " detail); counts are deltas, so a cell is the sum of its rows. Read audit_reconciliation_v.",
      List.of(
          Column.of("stage", STRING, "The stage that counted: transform-streams or ingest"),
          Column.of("reporter", STRING, "Which part of the stage counted: for transform-streams the events.raw partition"),
          Column.of("minute", DATETIME, "Start of the minute ingest received the counted records (UTC)"),
          Column.of("minute_ms", INT64, "Start of that minute, epoch milliseconds"),
          Column.of("source", STRING, "Source name (write key); empty for records that could not be decoded"),
          Column.of("measure", STRING, "READ, CLEAN, DEAD_LETTERED, DUPLICATE, REJECTED, TOO_LATE or PROGRESS (a heartbeat, count 0)"),
          Column.of("detail", STRING, "Dead-letter reason or rejection rule; empty otherwise"),
          Column.of("count", INT64, "Records counted since the reporter's previous report of this cell"),
          Column.of("watermark_ms", INT64, "The reporter's progress when it reported: the latest received_at it had counted, epoch ms"),
          Column.of("reported_at_ms", INT64, "Wall-clock time of the report, epoch milliseconds")),
      TableEngine.mergeTree(), "minute", List.of("minute", "source", "measure"),
      List.of(AuditReconciliation.view(EVENTS, DEAD_LETTERS), AuditReconciliation.rejectionsView()));

  private WarehouseTables() {}

  static TableRow auditCountRow(AuditCount a) {
    long minute = millis(a.getMinuteStart());
    List<Object> v = new ArrayList<>(AUDIT_COUNTS.columns().size());
    v.add(a.getStage());
    v.add(a.getReporter());
    v.add(dateTimeSeconds(minute));
    v.add(minute);
    v.add(a.getSource());
    v.add(a.getMeasure());
    v.add(a.getDetail());
    v.add(a.getCount());
    v.add(millis(a.getWatermark()));
    v.add(millis(a.getReportedAt()));
    return new TableRow(v, minute);
  }

  /** A view with its own SELECT (see {@link WarehouseView#query(String, String, String, String...)}). */
  private static WarehouseView queryView(String name, String doc, List<String> columns, String select) {
    return WarehouseView.query(name, doc, select, columns.toArray(String[]::new));
  }

  static TableRow eventRow(CleanEvent e) {
    long received = millis(e.getReceivedAt());
    long timestamp = millis(e.getTimestamp());
    List<Object> v = new ArrayList<>(EVENTS.columns().size());
    v.add(e.getEventId());
    v.add(e.getType());
    v.add(e.getEvent());
    v.add(e.getUserId());
    v.add(e.getAnonymousId());
    v.add(dateTimeSeconds(timestamp));
    v.add(timestamp);
    v.add(nullableMillis(e.getOriginalTimestamp()));
    v.add(nullableMillis(e.getSentAt()));
    v.add(dateTimeSeconds(received));
    v.add(received);
    v.add(e.getSource());
    v.add(e.getProperties());
    v.add(e.getContext());
    v.add(e.getRevenue());
    v.add(e.getTraits());
    v.add(e.getGroupId());
    v.add(e.getPreviousId());
    v.add(e.getSessionId());
    v.add(Boolean.TRUE.equals(e.getBackfill()) ? 1L : null);
    return new TableRow(v, received);
  }

  static TableRow deadLetterRow(DeadLetter d) {
    long failed = millis(d.getFailedAt());
    List<Object> v = new ArrayList<>(DEAD_LETTERS.columns().size());
    v.add(d.getReason().name());
    v.add(d.getDetail());
    v.add(d.getField());
    v.add(d.getStage());
    v.add(dateTimeSeconds(failed));
    v.add(failed);
    v.add(d.getEventId());
    v.add(d.getSource());
    v.add(nullableMillis(d.getReceivedAt()));
    v.add(d.getSourceTopic());
    v.add(d.getSourcePartition());
    v.add(d.getSourceOffset());
    // raw bytes stay bytes: a ClickHouse String holds any byte sequence, so replay gets them exact
    v.add(bytes(d.getRawKey()));
    byte[] payload = bytes(d.getRawPayload());
    v.add(payload == null ? new byte[0] : payload);
    return new TableRow(v, failed);
  }

  static TableRow minuteMetricRow(MinuteMetric m) {
    long minute = millis(m.getMinuteStart());
    List<Object> v = new ArrayList<>(METRICS_MINUTE.columns().size());
    v.add(dateTimeSeconds(minute));
    v.add(minute);
    v.add(m.getEvent());
    // v1 records (before sources, distinct users and status) read as one source '' that never became final
    v.add(m.getSource() == null ? "" : m.getSource());
    v.add(m.getStatus() == null ? "provisional" : m.getStatus());
    v.add(m.getCount());
    v.add(m.getDistinctUsers() == null ? 0L : m.getDistinctUsers());
    v.add(m.getRevenue());
    v.add(longs(m.getUserHashes()));
    v.add(millis(m.getUpdatedAt()));
    return new TableRow(v, minute);
  }

  static TableRow tooLateRow(TooLateEvent e) {
    long minute = millis(e.getMinuteStart());
    List<Object> v = new ArrayList<>(METRICS_TOO_LATE.columns().size());
    v.add(dateTimeSeconds(minute));
    v.add(minute);
    v.add(e.getEvent());
    v.add(e.getSource());
    v.add(millis(e.getEventTime()));
    v.add(millis(e.getStreamTime()));
    v.add(e.getRevenue());
    v.add(e.getUserHash());
    return new TableRow(v, minute);
  }

  private static long[] longs(List<Long> values) {
    if (values == null) {
      return new long[0];
    }
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  static TableRow deadLetterReplayRow(DeadLetterReplay r) {
    long replayed = millis(r.getReplayedAt());
    List<Object> v = new ArrayList<>(DEAD_LETTER_REPLAYS.columns().size());
    v.add(r.getSourceTopic());
    v.add(r.getSourcePartition());
    v.add(r.getSourceOffset());
    v.add(r.getReason());
    v.add(r.getEventId());
    v.add(r.getSource());
    v.add(nullableMillis(r.getReceivedAt()));
    v.add(dateTimeSeconds(replayed));
    v.add(replayed);
    v.add(r.getReplayId());
    v.add(r.getTargetTopic());
    return new TableRow(v, replayed);
  }

  static TableRow experimentChangeRow(ExperimentChange c) {
    long changed = millis(c.getChangedAt());
    List<Object> v = new ArrayList<>(EXPERIMENT_CHANGES.columns().size());
    v.add(c.getChangeId());
    v.add(c.getExperimentKey());
    v.add(c.getPhase());
    v.add(c.getKind());
    v.add(c.getField());
    v.add(c.getFromValue());
    v.add(c.getToValue());
    v.add(c.getChangedBy());
    v.add(dateTimeSeconds(changed));
    v.add(changed);
    v.add(millis(c.getRecordedAt()));
    return new TableRow(v, changed);
  }

  private static long millis(Instant instant) {
    return instant.toEpochMilli();
  }

  private static Long nullableMillis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
