package dev.tributary.sink.clickhouse;

import dev.tributary.sink.testing.Claimed;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import dev.tributary.sink.testing.TestWarehouse;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.SessionIdentityTables;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.Person;
import dev.tributary.events.Session;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.testing.Batches;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import dev.tributary.warehouse.metrics.MetricDefinition;
import dev.tributary.warehouse.metrics.MetricDefinitionsTable;
import dev.tributary.warehouse.metrics.RecomputedMinutes;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric of the bundled catalogue, run as the analyst would run it (read-only user, the
 * warehouse as default database) on the real ClickHouse over a seeded random set of events spread over
 * two weeks — its minute rollups recomputed from the events, 5% of them as too-late corrections
 * instead; its sessions cut by {@link ReferenceSessions} and loaded among superseded, merged and late
 * versions; ten anonymous ids identified and one user aliased — equals the same metric computed in this test straight from the events. A metric added
 * to the catalogue without a reference computation here fails {@link #shouldCheckEveryMetricOfTheCatalogue}.
 *
 * <p>The distinct-user metrics read {@code uniqCombined(14)} states, which are exact below about 1,000
 * identities per state (a set of hashes) and approximate above; the 60 identities here keep them in
 * the exact regime, so they are held to the exact reference. Their accuracy at scale is stated in the
 * catalogue and measured by the query bench.
 */
class MetricCatalogueIT {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Instant START = Instant.parse("2026-03-05T22:00:00Z");
  /** Identify and alias links: anon-40..anon-49 identified as u-0..u-9, then u-1 aliased into u-2. */
  private static final Map<String, String> PERSONS = persons();
  private static final Map<String, Function<List<CleanEvent>, Map<String, Double>>> REFERENCE = Map.ofEntries(
      entry("events_per_minute", events -> sum(events, e -> minute(e) + "\t" + e.getEvent(), e -> 1.0)),
      entry("daily_active_users", events -> distinct(events, MetricCatalogueIT::day, MetricCatalogueIT::identity)),
      entry("weekly_active_users", events -> distinct(events, MetricCatalogueIT::monday, MetricCatalogueIT::identity)),
      entry("daily_revenue", events -> sum(events, MetricCatalogueIT::day, MetricCatalogueIT::revenue)),
      entry("revenue_per_active_user", events -> ratio(sum(events, MetricCatalogueIT::day, MetricCatalogueIT::revenue),
          distinct(events, MetricCatalogueIT::day, MetricCatalogueIT::identity))),
      entry("purchase_conversion_rate", events -> ratio(
          distinct(events.stream().filter(e -> e.getEvent().equals("purchase")).toList(), MetricCatalogueIT::day,
              MetricCatalogueIT::identity),
          distinct(events, MetricCatalogueIT::day, MetricCatalogueIT::identity))),
      entry("average_session_length", events -> sessionsPerDay(events, s -> s.durationMs() / 1000.0)),
      entry("bounce_rate", events -> sessionsPerDay(events, s -> s.events() == 1 ? 1.0 : 0.0)),
      entry("daily_active_persons", events -> distinct(events, MetricCatalogueIT::day, MetricCatalogueIT::person)),
      entry("average_order_value", events -> ratio(
          sum(purchases(events), MetricCatalogueIT::day, MetricCatalogueIT::revenue),
          sum(purchases(events), MetricCatalogueIT::day, e -> 1.0))));

  private static List<CleanEvent> purchases(List<CleanEvent> events) {
    return events.stream().filter(e -> e.getEvent().equals("purchase")).toList();
  }

  private static String database;
  private static ClickHouseWarehouseWriter writer;
  private static List<CleanEvent> events;

  @BeforeAll
  static void load() {
    database = TestClickHouse.createDatabase();
    writer = TestWarehouse.withSchema(database);
    events = randomEvents(new Random(20261130), 3_000);
    // the first 95% in time for their minutes; the rest too late: in events and metrics_too_late, not in a minute row
    int inTime = events.size() * 95 / 100;
    insertEvents(0, inTime);
    TestClickHouse.execute(RecomputedMinutes.insert(database));
    insertEvents(inTime, events.size());
    TestClickHouse.execute("INSERT INTO " + database + ".metrics_too_late SELECT toStartOfMinute(timestamp) AS m,"
        + " toInt64(toUInt32(m)) * 1000, event, source, timestamp_ms, timestamp_ms + 600000, ifNull(revenue, 0),"
        + " sipHash64(ifNull(user_id, anonymous_id)), 'metrics.too-late', 0, _offset FROM " + database + ".events"
        + " WHERE _offset >= " + inTime);
    insertSessions();
    insertPersons();
  }

  /**
   * The reference sessions as the sink loads them: each live session after an earlier version of
   * itself with fewer events (a lower offset, superseded), and beside every third one a session that
   * merged into it and a late one-event session, which the session metrics must leave out.
   */
  private static void insertSessions() {
    List<ReferenceSessions.Session> sessions = ReferenceSessions.of(events, MetricCatalogueIT::identity);
    List<Row> rows = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < sessions.size(); i++) {
      ReferenceSessions.Session s = sessions.get(i);
      rows.add(Rows.of(Datasets.SESSIONS, session("s-" + i, s, "live", null, s.start(), 1), "sessions", 0, offset++));
      rows.add(Rows.of(Datasets.SESSIONS, session("s-" + i, s, "live", null, s.end(), s.events()), "sessions", 0,
          offset++));
      if (i % 3 == 0) {
        rows.add(Rows.of(Datasets.SESSIONS, session("m-" + i, s, SessionIdentityTables.MERGED, "s-" + i, s.end(), 2),
            "sessions", 0, offset++));
        rows.add(Rows.of(Datasets.SESSIONS, session("l-" + i, s, SessionIdentityTables.LATE, null, s.start(), 1),
            "sessions", 0, offset++));
      }
    }
    Claimed.insert(writer, Batches.of(SessionIdentityTables.SESSIONS, new TopicPartition("sessions", 0), rows));
  }

  private static Session session(String id, ReferenceSessions.Session s, String status, String mergedInto,
      Instant end, long count) {
    return Session.newBuilder().setSessionId(id).setIdentity(s.identity()).setStatus(status).setMergedInto(mergedInto)
        .setStartedAt(s.start()).setEndedAt(end).setEvents(count).setPageViews(0).setEntryUrl(null)
        .setEntryPath(null).setReferrer(null).setConverted(false).build();
  }

  private static void insertPersons() {
    List<Row> rows = new ArrayList<>();
    PERSONS.forEach((key, person) -> rows.add(Rows.of(Datasets.PERSONS, Person.newBuilder().setIdKey(key)
        .setId(key.substring(2)).setIdType(key.startsWith("a:") ? "anonymous" : "user").setPersonId(person)
        .setLinkedTo(person).setMappedAt(START).setFirstSeen(START).setLastSeen(START).build(), "persons", 0,
        rows.size())));
    Claimed.insert(writer, Batches.of(SessionIdentityTables.PERSONS, new TopicPartition("persons", 0), rows));
  }

  private static Map<String, String> persons() {
    Map<String, String> links = new TreeMap<>();
    for (int i = 40; i < 50; i++) {
      links.put("a:anon-" + i, i == 41 ? "u-2" : "u-" + (i - 40));
    }
    links.put("u:u-1", "u-2");
    return links;
  }

  private static void insertEvents(int from, int to) {
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(Rows.of(events.get(i), "events.clean", 0, i));
    }
    Claimed.insert(writer, Batches.of(WarehouseTables.EVENTS, new TopicPartition("events.clean", 0), rows));
  }

  @AfterAll
  static void close() {
    writer.close();
  }

  @Test
  void shouldCheckEveryMetricOfTheCatalogue() {
    assertThat(REFERENCE.keySet()).containsExactlyInAnyOrderElementsOf(MetricCatalogue.bundled().names());
  }

  @Test
  void shouldComputeEveryMetricAsItsDefinitionSays() {
    for (MetricDefinition metric : MetricCatalogue.bundled().metrics()) {
      Map<String, Double> expected = new TreeMap<>(REFERENCE.get(metric.name()).apply(events));
      Map<String, Double> actual = run(metric);

      assertThat(actual.keySet()).as(metric.name()).containsExactlyElementsOf(expected.keySet());
      expected.forEach((key, value) -> assertThat(actual.get(key)).as(metric.name() + " at " + key)
          .isCloseTo(value, within(1e-9 * Math.max(1, Math.abs(value)))));
    }
  }

  @Test
  void shouldShowTheDefinitionsInForceToTheAnalyst() {
    writer.createSchema(); // a restart loads the catalogue again; the view shows one load

    String names = TestClickHouse.analyst().query(database,
        "SELECT name FROM " + MetricDefinitionsTable.VIEW + " ORDER BY name FORMAT TabSeparated").strip();

    assertThat(names.split("\n")).containsExactlyElementsOf(MetricCatalogue.bundled().names().stream().sorted().toList());
    assertThat(TestClickHouse.query("SELECT count() FROM " + database + "." + MetricDefinitionsTable.TABLE).strip())
        .isEqualTo(Integer.toString(2 * MetricCatalogue.bundled().metrics().size()));
  }

  private static Map<String, Double> run(MetricDefinition metric) {
    String tsv = TestClickHouse.analyst().query(database, metric.sql() + " FORMAT TabSeparated").strip();
    Map<String, Double> values = new TreeMap<>();
    for (String line : tsv.split("\n")) {
      String[] f = line.split("\t", -1);
      StringBuilder key = new StringBuilder(f[0]);
      for (int i = 2; i < f.length; i++) {
        key.append('\t').append(f[i]);
      }
      values.put(key.toString(), Double.parseDouble(f[1]));
    }
    return values;
  }

  private static List<CleanEvent> randomEvents(Random random, int count) {
    String[] names = {"page_viewed", "page_viewed", "product_viewed", "add_to_cart", "purchase", "signup"};
    List<CleanEvent> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant at = START.plus(random.nextInt(14 * 24 * 60), ChronoUnit.MINUTES).plusSeconds(random.nextInt(60));
      CleanEvent e = TestRecords.cleanEvent("m-" + i, at.plusSeconds(2));
      e.setTimestamp(at);
      e.setEvent(names[random.nextInt(names.length)]);
      int user = random.nextInt(60);
      e.setUserId(user < 40 ? "u-" + user : null);
      e.setAnonymousId(user < 40 && random.nextBoolean() ? null : "anon-" + user);
      e.setRevenue(e.getEvent().equals("purchase") ? Math.round(random.nextDouble() * 10_000) / 100.0 : null);
      out.add(e);
    }
    return out;
  }

  private static String identity(CleanEvent e) {
    return e.getUserId() != null ? e.getUserId() : e.getAnonymousId();
  }

  /** The person an event belongs to now: its id's link (by user id if it has one), else its identity. */
  private static String person(CleanEvent e) {
    String key = e.getUserId() != null ? "u:" + e.getUserId() : "a:" + e.getAnonymousId();
    return PERSONS.getOrDefault(key, identity(e));
  }

  /** The mean of {@code value} over the reference sessions, per UTC day of their start. */
  private static Map<String, Double> sessionsPerDay(List<CleanEvent> events,
      ToDoubleFunction<ReferenceSessions.Session> value) {
    return ReferenceSessions.of(events, MetricCatalogueIT::identity).stream().collect(Collectors.groupingBy(
        s -> s.start().atOffset(ZoneOffset.UTC).toLocalDate().toString(), Collectors.averagingDouble(value)));
  }

  private static String minute(CleanEvent e) {
    return MINUTE.format(e.getTimestamp().truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
  }

  private static String day(CleanEvent e) {
    return date(e).toString();
  }

  private static String monday(CleanEvent e) {
    return date(e).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
  }

  private static LocalDate date(CleanEvent e) {
    return e.getTimestamp().atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static double revenue(CleanEvent e) {
    return e.getRevenue() == null ? 0 : e.getRevenue();
  }

  private static Map<String, Double> sum(List<CleanEvent> events, Function<CleanEvent, String> key,
      Function<CleanEvent, Double> value) {
    return events.stream().collect(Collectors.groupingBy(key, Collectors.summingDouble(value::apply)));
  }

  private static Map<String, Double> distinct(List<CleanEvent> events, Function<CleanEvent, String> key,
      Function<CleanEvent, String> who) {
    Map<String, Set<String>> sets = new HashMap<>();
    events.forEach(e -> sets.computeIfAbsent(key.apply(e), k -> new HashSet<>()).add(who.apply(e)));
    Map<String, Double> counts = new HashMap<>();
    sets.forEach((k, s) -> counts.put(k, (double) s.size()));
    return counts;
  }

  private static Map<String, Double> ratio(Map<String, Double> numerator, Map<String, Double> denominator) {
    Map<String, Double> out = new HashMap<>();
    denominator.forEach((k, d) -> out.put(k, numerator.getOrDefault(k, 0.0) / d));
    return out;
  }
}
