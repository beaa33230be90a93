package dev.tributary.common.catalogue;

import static dev.tributary.common.catalogue.ColumnType.DATETIME;
import static dev.tributary.common.catalogue.ColumnType.INT32;
import static dev.tributary.common.catalogue.ColumnType.INT64;
import static dev.tributary.common.catalogue.ColumnType.NULLABLE_STRING;
import static dev.tributary.common.catalogue.ColumnType.STRING;
import static dev.tributary.common.catalogue.ColumnType.UINT64;
import static dev.tributary.common.catalogue.WarehouseTime.dateTimeSeconds;

import dev.tributary.common.catalogue.RowConverter.TableRow;
import dev.tributary.events.Person;
import dev.tributary.events.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse tables of the sessions and persons datasets, their converters, and the view of
 * events by person. Apart from {@link WarehouseTables} because both are read together with the
 * events (through joins at query time) rather than as a record log.
 *
 * <p>Both tables keep every emitted version and let the highest Kafka offset win
 * ({@code ReplacingMergeTree(_offset)}): a key's versions are written to one partition in order,
 * so the highest offset is the latest version. Each row's partition column never changes for its
 * key (a session's start is part of its id; a person row's {@code mapped_at} is fixed when the id is
 * first mapped), so all versions of a key meet in one ClickHouse partition and {@code FINAL}
 * collapses them.
 *
 * <p>Pure and stateless; thread-safe.
 */
public final class SessionIdentityTables {

  /** {@code Session.status} of a session of the offline recomputation (so far). */
  public static final String LIVE = "live";
  /** {@code Session.status} of a session superseded by a merge or an earlier start. */
  public static final String MERGED = "merged";
  /** {@code Session.status} of the one-event session of an event later than the grace period. */
  public static final String LATE = "late";

  private static final String[] SESSION_VIEW_COLUMNS = {"session_id", "identity", "started_at", "ended_at",
      "duration_ms", "events", "page_views", "entry_url", "entry_path", "referrer", "converted"};

  public static final WarehouseTable SESSIONS = WarehouseTable.of("sessions",
      "One row per emitted version of a session; the highest _offset per session_id is its latest version."
          + " Read sessions_v: the live sessions only, as an offline recomputation of the events gives them.",
      List.of(
          Column.of("session_id", STRING, "Name-based UUID of identity and start (of identity, time and event id for a late session)"),
          Column.of("identity", STRING, "user_id, else anonymous_id, of the session's events"),
          Column.of("status", STRING, "live; merged (superseded, see merged_into); late (one event after the grace period)"),
          Column.of("merged_into", NULLABLE_STRING, "For merged: the live session that now holds this session's first event"),
          Column.of("started_at", DATETIME, "Event time of the first event (UTC)"),
          Column.of("started_at_ms", INT64, "Event time of the first event, epoch milliseconds"),
          Column.of("ended_at", DATETIME, "Event time of the last event (UTC)"),
          Column.of("ended_at_ms", INT64, "Event time of the last event, epoch milliseconds"),
          Column.of("duration_ms", INT64, "ended_at_ms - started_at_ms (0 for a one-event session)"),
          Column.of("events", UINT64, "Events in the session"),
          Column.of("page_views", UINT64, "Page and screen calls in the session"),
          Column.of("entry_url", NULLABLE_STRING, "url of the first page or screen view"),
          Column.of("entry_path", NULLABLE_STRING, "path of the first page or screen view"),
          Column.of("referrer", NULLABLE_STRING, "referrer of the first event that has one"),
          Column.of("converted", INT32, "1 when an event named in sessions.conversion.events happened, else 0")),
      TableEngine.replacing(WarehouseTable.OFFSET_COLUMN), "started_at", List.of("identity", "session_id"),
      List.of(WarehouseView.query("sessions_v",
          "The live sessions: the latest version of each session id, merged and late ones excluded",
          "SELECT " + String.join(", ", SESSION_VIEW_COLUMNS) + " FROM (SELECT status, "
              + String.join(", ", SESSION_VIEW_COLUMNS) + " FROM {db}.`sessions` FINAL) WHERE status = '" + LIVE + "'",
          SESSION_VIEW_COLUMNS)));

  private static final String[] PERSON_EVENT_COLUMNS = {"event_id", "type", "event", "user_id", "anonymous_id",
      "timestamp", "timestamp_ms", "received_at", "source", "properties", "context", "revenue", "session_id"};

  public static final WarehouseTable PERSONS = WarehouseTable.of("persons",
      "One row per emitted version of the person an anonymous or user id belongs to; the highest _offset per"
          + " id_key wins. Read persons_v.",
      List.of(
          Column.of("id_key", STRING, "a:<anonymous id> or u:<user id>"),
          Column.of("id", STRING, "The anonymous or user id"),
          Column.of("id_type", STRING, "anonymous or user"),
          Column.of("person_id", STRING, "The root user id this id resolves to through identify and alias links"),
          Column.of("linked_to", NULLABLE_STRING, "The user id this id links to directly; null for a root user"),
          Column.of("mapped_at", DATETIME, "Event time of the link that first mapped this id (fixed per id)"),
          Column.of("first_seen", DATETIME, "Earliest event time of an identify or alias naming this id (UTC)"),
          Column.of("first_seen_ms", INT64, "Earliest event time of an identify or alias naming this id, epoch ms"),
          Column.of("last_seen", DATETIME, "Latest event time of an identify or alias naming this id (UTC)"),
          Column.of("last_seen_ms", INT64, "Latest event time of an identify or alias naming this id, epoch ms")),
      TableEngine.replacing(WarehouseTable.OFFSET_COLUMN), "mapped_at", List.of("id_key"),
      List.of(
          WarehouseView.ofColumns("persons_v", "The current person of every mapped id",
              "id_key", "id", "id_type", "person_id", "linked_to", "first_seen", "first_seen_ms", "last_seen",
              "last_seen_ms"),
          WarehouseView.query("events_by_person_v",
              "Every clean event once, with the person it belongs to now (retroactively: events sent before an"
                  + " identify or alias belong to the person too) and its session after merges",
              eventsByPerson(), eventsByPersonColumns())));

  private SessionIdentityTables() {}

  /**
   * Two nested SELECTs with one JOIN each (ClickHouse 18.16 allows no more): the inner one resolves
   * an event's emitted session id through the merge mapping, the outer one maps the event's identity
   * (user id, else anonymous id, as the key of the events topic) to its person. An identity nobody
   * mapped is its own person ({@code identified} = 0).
   */
  private static String eventsByPerson() {
    String columns = String.join(", ", PERSON_EVENT_COLUMNS);
    return "SELECT " + columns + ", final_session_id, if(person = '', identity, person) AS person_id,"
        + " toUInt8(person != '') AS identified FROM ("
        + "SELECT " + columns + ", if(merged_into = '', session_id, merged_into) AS final_session_id,"
        + " if(isNotNull(user_id), concat('u:', assumeNotNull(user_id)), concat('a:', assumeNotNull(anonymous_id)))"
        + " AS id_key, assumeNotNull(ifNull(user_id, anonymous_id)) AS identity FROM ("
        + "SELECT " + columns + ", ifNull(session_id, '') AS session_key FROM {db}.`events` FINAL"
        + ") ANY LEFT JOIN (SELECT session_id AS session_key, assumeNotNull(merged_into) AS merged_into"
        + " FROM (SELECT session_id, status, merged_into FROM {db}.`sessions` FINAL) WHERE status = '" + MERGED + "'"
        + ") USING session_key"
        + ") ANY LEFT JOIN (SELECT id_key, person_id AS person FROM {db}.`persons` FINAL) USING id_key";
  }

  private static String[] eventsByPersonColumns() {
    List<String> columns = new ArrayList<>(List.of(PERSON_EVENT_COLUMNS));
    columns.addAll(List.of("final_session_id", "person_id", "identified"));
    return columns.toArray(String[]::new);
  }

  static TableRow sessionRow(Session s) {
    long start = s.getStartedAt().toEpochMilli();
    long end = s.getEndedAt().toEpochMilli();
    List<Object> v = new ArrayList<>(SESSIONS.dataColumnCount());
    v.add(s.getSessionId());
    v.add(s.getIdentity());
    v.add(s.getStatus());
    v.add(s.getMergedInto());
    v.add(dateTimeSeconds(start));
    v.add(start);
    v.add(dateTimeSeconds(end));
    v.add(end);
    v.add(end - start);
    v.add(s.getEvents());
    v.add(s.getPageViews());
    v.add(s.getEntryUrl());
    v.add(s.getEntryPath());
    v.add(s.getReferrer());
    v.add(s.getConverted() ? 1 : 0);
    return new TableRow(v, start);
  }

  static TableRow personRow(Person p) {
    long mapped = p.getMappedAt().toEpochMilli();
    long first = p.getFirstSeen().toEpochMilli();
    long last = p.getLastSeen().toEpochMilli();
    List<Object> v = new ArrayList<>(PERSONS.dataColumnCount());
    v.add(p.getIdKey());
    v.add(p.getId());
    v.add(p.getIdType());
    v.add(p.getPersonId());
    v.add(p.getLinkedTo());
    v.add(dateTimeSeconds(mapped));
    v.add(dateTimeSeconds(first));
    v.add(first);
    v.add(dateTimeSeconds(last));
    v.add(last);
    return new TableRow(v, mapped);
  }
}
