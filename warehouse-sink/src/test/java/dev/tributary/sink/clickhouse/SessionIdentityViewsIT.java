package dev.tributary.sink.clickhouse;

import dev.tributary.sink.testing.Claimed;
import static dev.tributary.testsupport.TestRecords.JAN;
import dev.tributary.sink.testing.TestWarehouse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.SessionIdentityTables;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.Person;
import dev.tributary.events.Session;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.testing.Batches;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestRecords;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sessions and persons tables and their views on the real ClickHouse 18.16: the FINAL views
 * show the latest version per key (merged and late sessions excluded even while their versions sit
 * in separate, unmerged parts), and events_by_person_v maps events to persons retroactively and
 * resolves merged session ids, with its two nested single-JOIN SELECTs.
 */
class SessionIdentityViewsIT {

  private static String database;
  private static ClickHouseWarehouseWriter writer;

  @BeforeAll
  static void createTables() {
    database = TestClickHouse.createDatabase();
    writer = TestWarehouse.withSchema(database);
  }

  @AfterAll
  static void close() {
    writer.close();
  }

  private static String q(String sql) {
    return TestClickHouse.query(sql).strip();
  }

  @Test
  void shouldShowOnlyTheLatestLiveVersionOfEachSessionThroughSessionsView() {
    // first insert: two live sessions; second insert (another part): s2 merged into s1, s1 grown, a late one
    insert(SessionIdentityTables.SESSIONS, "sessions", List.of(
        Rows.of(Datasets.SESSIONS, session("s1", "u1", "live", null, 2), "sessions", 0, 0),
        Rows.of(Datasets.SESSIONS, session("s2", "u1", "live", null, 1), "sessions", 0, 1)));
    insert(SessionIdentityTables.SESSIONS, "sessions", List.of(
        Rows.of(Datasets.SESSIONS, session("s2", "u1", "merged", "s1", 1), "sessions", 0, 2),
        Rows.of(Datasets.SESSIONS, session("s1", "u1", "live", null, 4), "sessions", 0, 3),
        Rows.of(Datasets.SESSIONS, session("l1", "u1", "late", null, 1), "sessions", 0, 4)));

    assertThat(q("SELECT session_id, events, converted, duration_ms FROM " + database
        + ".sessions_v ORDER BY session_id FORMAT TSV")).isEqualTo("s1\t4\t1\t60000");
  }

  @Test
  void shouldMapEventsToTheirPersonRetroactivelyAndResolveMergedSessions() {
    insert(SessionIdentityTables.SESSIONS, "sessions-p", List.of(
        Rows.of(Datasets.SESSIONS, session("p-s1", "u1", "live", null, 2), "sessions-p", 0, 0),
        Rows.of(Datasets.SESSIONS, session("p-s2", "anon1", "merged", "p-s1", 1), "sessions-p", 0, 1)));
    insert(SessionIdentityTables.PERSONS, "persons", List.of(
        Rows.of(Datasets.PERSONS, person("a:anon1", "anon1", "anonymous", "u1", "u1"), "persons", 0, 0),
        Rows.of(Datasets.PERSONS, person("u:u1", "u1", "user", "u1", null), "persons", 0, 1)));
    // later: u1 is aliased into u2, which moves anon1 too
    insert(SessionIdentityTables.PERSONS, "persons", List.of(
        Rows.of(Datasets.PERSONS, person("a:anon1", "anon1", "anonymous", "u2", "u1"), "persons", 0, 2),
        Rows.of(Datasets.PERSONS, person("u:u1", "u1", "user", "u2", "u2"), "persons", 0, 3)));
    insert(WarehouseTables.EVENTS, "events", List.of(
        Rows.of(event("p-e1", null, "anon1", "p-s2"), "events", 0, 0),
        Rows.of(event("p-e2", "u1", "anon1", "p-s1"), "events", 0, 1),
        Rows.of(event("p-e3", null, "anon9", null), "events", 0, 2),
        Rows.of(event("p-e4", "u3", null, "p-s9"), "events", 0, 3)));

    assertThat(q("SELECT event_id, person_id, identified, session_id, final_session_id FROM " + database
        + ".events_by_person_v WHERE event_id LIKE 'p-%' ORDER BY event_id FORMAT TSV").split("\n"))
        .containsExactly(
            "p-e1\tu2\t1\tp-s2\tp-s1",
            "p-e2\tu2\t1\tp-s1\tp-s1",
            "p-e3\tanon9\t0\t\\N\t\\N",
            "p-e4\tu3\t0\tp-s9\tp-s9");
    assertThat(q("SELECT id_key, person_id FROM " + database + ".persons_v ORDER BY id_key FORMAT TSV")
        .split("\n")).containsExactly("a:anon1\tu2", "u:u1\tu2");
  }

  private static void insert(WarehouseTable table, String topic, List<Row> rows) {
    Claimed.insert(writer, Batches.of(table, new TopicPartition(topic, 0), rows));
  }

  private static Session session(String id, String identity, String status, String mergedInto, long events) {
    return Session.newBuilder().setSessionId(id).setIdentity(identity).setStatus(status).setMergedInto(mergedInto)
        .setStartedAt(JAN).setEndedAt(JAN.plusSeconds(60)).setEvents(events).setPageViews(0)
        .setEntryUrl(null).setEntryPath(null).setReferrer(null).setConverted(events > 3).build();
  }

  private static Person person(String key, String id, String type, String personId, String linkedTo) {
    Instant t = JAN.plusSeconds(10);
    return Person.newBuilder().setIdKey(key).setId(id).setIdType(type).setPersonId(personId).setLinkedTo(linkedTo)
        .setMappedAt(JAN).setFirstSeen(JAN).setLastSeen(t).build();
  }

  private static CleanEvent event(String id, String userId, String anonymousId, String sessionId) {
    CleanEvent e = TestRecords.cleanEvent(id, JAN);
    e.setUserId(userId);
    e.setAnonymousId(anonymousId);
    e.setSessionId(sessionId);
    return e;
  }
}
