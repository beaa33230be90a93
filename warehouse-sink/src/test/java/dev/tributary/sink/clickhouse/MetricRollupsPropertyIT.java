package dev.tributary.sink.clickhouse;

import dev.tributary.sink.testing.Claimed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.common.catalogue.CountRollup;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.IdentityDayRollup;
import dev.tributary.common.catalogue.SessionIdentityTables;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.Person;
import dev.tributary.events.TooLateEvent;
import dev.tributary.propertytrials.PropertyTrials;
import dev.tributary.propertytrials.PropertyTrials.Trial;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.testing.Batches;
import dev.tributary.sink.testing.TestWarehouse;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import dev.tributary.warehouse.schema.TableDdl;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The hour and day views over random minute rows as the streams stage emits them — provisional
 * versions, replaced by later provisional versions or by one final row after the rollups have
 * already taken them in, minutes left provisional (the live tail), too-late corrections of final
 * minutes — equal a recomputation from the events loaded so far: count and revenue of each minute's
 * latest row, too-late events apart, distinct users over everything. Checked after the first
 * versions land and again after they are replaced, and unchanged by refilling the rollups (their
 * states are sets). Each try has a database of its own; the events span midnight, so days differ.
 *
 * <p>Daily active persons (the catalogue's SQL over {@code metrics_ids_day}, the person snapshot and the
 * {@code persons} rows past its watermarks) equal the distinct persons of the loaded events per day, with
 * the person mapping of {@link ReferencePersons} as it is <em>now</em>: no links yet, then identify and
 * alias links that arrive after the events they re-attribute (some rows loaded twice, in two partitions),
 * then a later alias that moves a whole person under another; and equal {@code events_by_person_v} (the
 * definition that reads the events) at every step, with the snapshot refreshed at random steps or never.
 */
class MetricRollupsPropertyIT {

  private static final Instant START = Instant.parse("2026-03-05T22:30:00Z");
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00:00");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final long MINUTE_MS = 60_000;
  private static final int USERS = 31;
  private static final int PERSON_PARTITIONS = 2;
  /** sipHash64 of each user's identity, as ClickHouse computes it (the streams stage's identity hash). */
  private static Map<Integer, Long> identityHashes;

  /** One clean event: name, source, who (every fourth user anonymous), when and its revenue. */
  record Ev(int id, String event, String source, int user, long timeMs, double revenue) {
    static boolean anonymous(int user) {
      return user % 4 == 0;
    }

    static String identity(int user) {
      return (anonymous(user) ? "a-" : "u-") + user;
    }

    /** The key of the person mapping this event's identity is looked up by. */
    String idKey() {
      return (anonymous(user) ? "a:" : "u:") + identity(user);
    }

    long minuteMs() {
      return Math.floorDiv(timeMs, MINUTE_MS) * MINUTE_MS;
    }

    String key() {
      return minuteMs() + "\t" + event + "\t" + source;
    }
  }

  /** What one period, event name and source of a view must show. */
  record Expected(long count, double revenue, long tooLate, long provisional, Set<Integer> users) {
    static Expected empty() {
      return new Expected(0, 0, 0, 0, new HashSet<>());
    }
  }

  @Test
  void shouldRollUpTheLatestRowOfEveryMinuteBeforeAndAfterItsProvisionalRowsAreReplaced() {
    PropertyTrials.check(4, 0x524f_4c4cL, this::check);
  }

  private void check(Trial t) {
    String db = TestClickHouse.createDatabase();
    ReferencePersons persons = new ReferencePersons();
    try (ClickHouseWarehouseWriter writer = TestWarehouse.withSchema(db)) {
      Map<String, List<Ev>> byKey = new LinkedHashMap<>();
      for (Ev e : events(t)) {
        byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
      }
      Loader load = new Loader(writer);
      Map<String, Integer> firstCut = new HashMap<>();
      // phase 1: every minute gets one or two provisional versions of a prefix of its events
      for (Map.Entry<String, List<Ev>> key : byKey.entrySet()) {
        List<Ev> evs = key.getValue();
        int cut = t.intBetween(1, evs.size());
        if (cut > 1 && t.chance(0.5)) {
          load.version(evs.subList(0, cut / 2), "provisional");
        }
        load.version(evs.subList(0, cut), "provisional");
        load.events(evs.subList(0, cut));
        firstCut.put(key.getKey(), cut);
      }
      load.flush();
      assertViewsEqualRecomputation(db, load);
      assertDailyActivePersons(db, load, persons);
      PersonSnapshotRefresher snapshot = new PersonSnapshotRefresher(TestClickHouse::query, TestClickHouse::execute, db);
      maybeRefresh(snapshot, t, db, load, persons);

      // identify and alias links after the events they re-attribute; some person rows loaded twice
      for (int user = 0; user < USERS; user++) {
        if (t.chance(Ev.anonymous(user) ? 0.5 : 0.2)) {
          persons.link((Ev.anonymous(user) ? "a:" : "u:") + Ev.identity(user), "u-" + t.oneOf(1, 2, 3, 5, 6, 7, 9, 10));
        }
      }
      load.persons(persons.changes(), t);
      assertDailyActivePersons(db, load, persons);
      maybeRefresh(snapshot, t, db, load, persons);

      // phase 2: each minute is replaced by its final row (its remaining events in time, some later ones too
      // late) or by a later provisional version (the live tail)
      for (Map.Entry<String, List<Ev>> key : byKey.entrySet()) {
        List<Ev> evs = key.getValue();
        int cut = firstCut.get(key.getKey());
        boolean finalised = t.chance(0.7);
        int inTime = finalised && evs.size() > cut ? t.intBetween(cut, evs.size()) : evs.size();
        load.version(evs.subList(0, inTime), finalised ? "final" : "provisional");
        load.events(evs.subList(cut, evs.size()));
        load.tooLate(evs.subList(inTime, evs.size()));
      }
      load.flush();
      assertDailyActivePersons(db, load, persons);
      maybeRefresh(snapshot, t, db, load, persons);
      if (t.chance(0.5)) {
        for (List<String> refill : Rollups.refillEverything().values()) {
          refill.forEach(s -> TestClickHouse.execute(TableDdl.withDatabase(s, db)));
        }
      }
      assertViewsEqualRecomputation(db, load);
      assertThat(TestClickHouse.query(TableDdl.withDatabase(CountRollup.checkQuery(), db) + " FORMAT TabSeparated"))
          .isBlank();
      assertThat(TestClickHouse.query(TableDdl.withDatabase(IdentityDayRollup.checkQuery(), db) + " FORMAT TabSeparated"))
          .isBlank();

      // a later alias moves a whole person (every id below it) under another one
      persons.link("u:" + persons.person("u:u-" + t.oneOf(1, 2, 3)), "u-" + t.oneOf(5, 6, 7));
      load.persons(persons.changes(), t);
      assertDailyActivePersons(db, load, persons);
      maybeRefresh(snapshot, t, db, load, persons);
    }
  }

  /**
   * Half the time, the sink's person snapshot is refreshed here, and the metric checked again: the links loaded
   * after a refresh are read past its watermarks, the ones before from the snapshot, and both must give the same
   * answer as no snapshot at all.
   */
  private static void maybeRefresh(PersonSnapshotRefresher snapshot, Trial t, String db, Loader load,
      ReferencePersons persons) {
    if (t.chance(0.5)) {
      snapshot.refresh();
      assertDailyActivePersons(db, load, persons);
    }
  }

  /**
   * The catalogue's daily_active_persons equals the distinct persons, per UTC day, of the events loaded
   * so far under the current mapping, and equals the same count read from {@code events_by_person_v}.
   */
  private static void assertDailyActivePersons(String db, Loader load, ReferencePersons persons) {
    Map<String, Set<String>> expected = new TreeMap<>();
    for (Ev e : load.loaded) {
      expected.computeIfAbsent(DAY.format(Instant.ofEpochMilli(e.timeMs()).atOffset(ZoneOffset.UTC)),
          d -> new HashSet<>()).add(persons.person(e.idKey()));
    }
    String metric = TestClickHouse.http().query(db,
        MetricCatalogue.bundled().find("daily_active_persons").orElseThrow().sql() + " FORMAT TabSeparated").strip();
    Map<String, Long> actual = new TreeMap<>();
    for (String line : metric.split("\n")) {
      String[] f = line.split("\t");
      actual.put(f[0], Long.parseLong(f[1]));
    }

    Map<String, Long> counts = new TreeMap<>();
    expected.forEach((day, set) -> counts.put(day, (long) set.size()));
    assertThat(actual).isEqualTo(counts);
    assertThat(metric).isEqualTo(TestClickHouse.http().query(db, "SELECT toDate(timestamp) AS period,"
        + " uniqExact(person_id) AS value FROM events_by_person_v GROUP BY period ORDER BY period FORMAT TabSeparated")
        .strip());
  }

  private static void assertViewsEqualRecomputation(String db, Loader load) {
    assertView(db, "metrics_hour_v", "hour", load.expected(ms -> HOUR.format(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC))));
    assertView(db, "metrics_day_v", "day", load.expected(ms -> DAY.format(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC))));
    // and straight from events_v: a minute row plus its too-late corrections hold every event loaded, once
    assertThat(TestClickHouse.query("SELECT toString(toStartOfHour(timestamp)) AS h, event, source, count() FROM " + db
        + ".events_v GROUP BY h, event, source ORDER BY h, event, source FORMAT TabSeparated").strip())
        .isEqualTo(TestClickHouse.query("SELECT toString(hour), event, source, count + too_late_events FROM " + db
            + ".metrics_hour_v ORDER BY hour, event, source FORMAT TabSeparated").strip());
  }

  private static void assertView(String db, String view, String grain, Map<String, Expected> expected) {
    String tsv = TestClickHouse.query("SELECT toString(" + grain + "), event, source, count, distinct_users, revenue,"
        + " too_late_events, provisional_minutes FROM " + db + "." + view + " FORMAT TabSeparated").strip();
    Map<String, String[]> actual = new TreeMap<>();
    for (String line : tsv.split("\n")) {
      String[] f = line.split("\t", -1);
      actual.put(f[0] + "\t" + f[1] + "\t" + f[2], f);
    }
    assertThat(actual.keySet()).as(view).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((key, e) -> {
      String[] f = actual.get(key);
      String at = view + " at " + key;
      assertThat(Long.parseLong(f[3])).as(at + ": count").isEqualTo(e.count());
      assertThat(Long.parseLong(f[4])).as(at + ": distinct users").isEqualTo(e.users().size());
      assertThat(Double.parseDouble(f[5])).as(at + ": revenue").isCloseTo(e.revenue(), within(1e-6));
      assertThat(Long.parseLong(f[6])).as(at + ": too-late events").isEqualTo(e.tooLate());
      assertThat(Long.parseLong(f[7])).as(at + ": provisional minutes").isEqualTo(e.provisional());
    });
  }

  private static List<Ev> events(Trial t) {
    int n = t.intBetween(20, 400);
    List<Ev> out = new ArrayList<>();
    long span = 3 * 3600 * 1000L; // 22:30 to 01:30: three hours over two days
    for (int i = 0; i < n; i++) {
      // a few busy minutes, so that minutes hold several events and several versions
      long at = START.toEpochMilli() + (t.chance(0.5) ? t.intBetween(0, 5) * MINUTE_MS : t.longBetween(0, span - 1))
          + t.intBetween(0, 59_999);
      out.add(new Ev(i, t.oneOf("page_viewed", "purchase", "signup"), t.oneOf("web", "ios"), t.intBetween(0, USERS - 1),
          at, t.chance(0.3) ? Math.round(t.doubleBetween(0, 500) * 100) / 100.0 : 0.0));
    }
    out.sort((a, b) -> Long.compare(a.timeMs(), b.timeMs()));
    return out;
  }

  /**
   * Loads minute versions, events and too-late rows as the sink does, in batches, and remembers the
   * latest version of each minute and every event loaded, from which {@link #expected} recomputes.
   */
  private static final class Loader {
    private final ClickHouseWarehouseWriter writer;
    private final List<Row> minutes = new ArrayList<>();
    private final List<Row> events = new ArrayList<>();
    private final List<Row> tooLate = new ArrayList<>();
    private final Map<String, List<Ev>> latest = new HashMap<>();
    private final Map<String, String> status = new HashMap<>();
    private final List<Ev> late = new ArrayList<>();
    private final List<Ev> loaded = new ArrayList<>();
    private final Map<String, Long> versions = new HashMap<>();
    private long offset;
    private final Map<Integer, Long> personOffsets = new HashMap<>();

    Loader(ClickHouseWarehouseWriter writer) {
      this.writer = writer;
    }

    void version(List<Ev> evs, String rowStatus) {
      Ev first = evs.get(0);
      long version = versions.merge(first.key(), 1L, Long::sum);
      List<Long> hashes = evs.stream().map(e -> hash(e.user())).distinct().sorted().toList();
      MinuteMetric m = MinuteMetric.newBuilder(TestRecords.minuteMetric(first.event(), Instant.ofEpochMilli(first.minuteMs()),
              evs.size(), evs.stream().mapToDouble(Ev::revenue).sum()))
          .setSource(first.source()).setStatus(rowStatus).setUserHashes(hashes).setDistinctUsers((long) hashes.size())
          .setUpdatedAt(Instant.ofEpochMilli(first.minuteMs() + version * 1000)).build();
      minutes.add(Rows.of(m, "metrics", 0, offset++));
      latest.put(first.key(), List.copyOf(evs));
      status.put(first.key(), rowStatus);
    }

    void events(List<Ev> evs) {
      for (Ev e : evs) {
        CleanEvent c = TestRecords.cleanEvent("e-" + e.id(), Instant.ofEpochMilli(e.timeMs() + 1000));
        c.setTimestamp(Instant.ofEpochMilli(e.timeMs()));
        c.setEvent(e.event());
        c.setSource(e.source());
        c.setUserId(Ev.anonymous(e.user()) ? null : Ev.identity(e.user()));
        c.setAnonymousId(Ev.anonymous(e.user()) ? Ev.identity(e.user()) : null);
        c.setRevenue(e.revenue());
        events.add(Rows.of(c, "events.clean", 0, offset++));
        loaded.add(e);
      }
    }

    void tooLate(List<Ev> evs) {
      for (Ev e : evs) {
        TooLateEvent r = TooLateEvent.newBuilder(TestRecords.tooLateEvent(e.event(), Instant.ofEpochMilli(e.minuteMs())))
            .setSource(e.source()).setEventTime(Instant.ofEpochMilli(e.timeMs())).setRevenue(e.revenue())
            .setUserHash(hash(e.user())).build();
        tooLate.add(Rows.of(Datasets.METRICS_TOO_LATE, r, "late", 0, offset++));
        late.add(e);
      }
    }

    /**
     * Inserts person rows as the streams stage emits them (key to person, each a later offset than
     * everything before), then a random part of them again: the same rows, as a repeated delivery.
     */
    void persons(Map<String, String> changes, Trial t) {
      Map<Integer, List<Row>> byPartition = new TreeMap<>();
      changes.forEach((key, person) -> {
        int partition = Math.floorMod(key.hashCode(), PERSON_PARTITIONS); // a key's rows in one partition, as Kafka
        byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(Rows.of(Datasets.PERSONS,
            Person.newBuilder().setIdKey(key).setId(key.substring(2))
                .setIdType(key.startsWith("a:") ? "anonymous" : "user").setPersonId(person)
                .setLinkedTo(key.substring(2).equals(person) ? null : person).setMappedAt(START).setFirstSeen(START)
                .setLastSeen(START).build(), "persons", partition, personOffsets.merge(partition, 1L, Long::sum) - 1));
      });
      byPartition.forEach((p, rows) -> {
        TopicPartition partition = new TopicPartition("persons", p);
        Claimed.insert(writer, Batches.of(SessionIdentityTables.PERSONS, partition, rows));
        Claimed.insert(writer, Batches.of(SessionIdentityTables.PERSONS, partition,
            List.copyOf(rows.subList(t.intBetween(0, rows.size() - 1), rows.size()))));
      });
    }

    /** Inserts what was collected; each table's rows in two blocks, so the views see several inserts. */
    void flush() {
      insert(WarehouseTables.METRICS_MINUTE, "metrics", minutes);
      insert(WarehouseTables.EVENTS, "events.clean", events);
      insert(WarehouseTables.METRICS_TOO_LATE, "late", tooLate);
    }

    private void insert(dev.tributary.common.catalogue.WarehouseTable table, String topic, List<Row> rows) {
      int half = rows.size() / 2;
      for (List<Row> part : List.of(rows.subList(0, half), rows.subList(half, rows.size()))) {
        if (!part.isEmpty()) {
          Claimed.insert(writer, Batches.of(table, new TopicPartition(topic, 0), List.copyOf(part)));
        }
      }
      rows.clear();
    }

    Map<String, Expected> expected(LongFunction<String> period) {
      Map<String, Expected> out = new TreeMap<>();
      latest.forEach((key, evs) -> {
        Ev first = evs.get(0);
        String k = period.apply(first.minuteMs()) + "\t" + first.event() + "\t" + first.source();
        Expected e = out.getOrDefault(k, Expected.empty());
        out.put(k, new Expected(e.count() + evs.size(), e.revenue() + evs.stream().mapToDouble(Ev::revenue).sum(),
            e.tooLate(), e.provisional() + ("provisional".equals(status.get(key)) ? 1 : 0), e.users()));
      });
      for (Ev l : late) {
        String k = period.apply(l.minuteMs()) + "\t" + l.event() + "\t" + l.source();
        Expected e = out.get(k);
        out.put(k, new Expected(e.count(), e.revenue(), e.tooLate() + 1, e.provisional(), e.users()));
      }
      for (Ev e : loaded) {
        out.get(period.apply(e.minuteMs()) + "\t" + e.event() + "\t" + e.source()).users().add(e.user());
      }
      return out;
    }

    private static long hash(int user) {
      return identityHashes().get(user);
    }
  }

  private static synchronized Map<Integer, Long> identityHashes() {
    if (identityHashes == null) {
      Map<Integer, Long> hashes = new HashMap<>();
      String identities = IntStream.range(0, USERS).mapToObj(u -> "'" + Ev.identity(u) + "'")
          .collect(Collectors.joining(", "));
      String tsv = TestClickHouse.query("SELECT sipHash64(arrayJoin([" + identities + "])) FORMAT TabSeparated").strip();
      String[] lines = tsv.split("\\n");
      for (int user = 0; user < USERS; user++) {
        hashes.put(user, Long.parseUnsignedLong(lines[user]));
      }
      identityHashes = Map.copyOf(hashes);
    }
    return identityHashes;
  }
}
