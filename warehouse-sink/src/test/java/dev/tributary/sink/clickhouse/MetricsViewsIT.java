package dev.tributary.sink.clickhouse;

import dev.tributary.sink.testing.Claimed;
import static org.assertj.core.api.Assertions.assertThat;
import dev.tributary.sink.testing.TestWarehouse;

import dev.tributary.common.catalogue.CountRollup;
import dev.tributary.common.catalogue.IdentityDayRollup;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.UserRollup;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.testing.Batches;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.warehouse.schema.TableDdl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-minute metrics views on the real ClickHouse 18.16: the latest row per key with its status
 * and too-late events next to it, and hour/day rollups whose distinct users come from the hourly
 * aggregate states of the identities of the minutes and too-late events ({@link UserRollup}), fed by
 * materialized views, checked and repaired from the tables. Rows go in through the sink's own
 * writer, so the Array(UInt64) RowBinary encoding is checked too.
 */
class MetricsViewsIT {

  private static final Instant HOUR = Instant.parse("2026-01-05T10:00:00Z");
  private static String database;
  private static ClickHouseWarehouseWriter writer;

  @BeforeAll
  static void load() {
    database = TestClickHouse.createDatabase();
    writer = TestWarehouse.withSchema(database);
    Instant m0 = HOUR;
    Instant m1 = HOUR.plusSeconds(60);
    Claimed.insert(writer, Batches.of(WarehouseTables.METRICS_MINUTE, new TopicPartition("metrics", 0), List.of(
        metric(m0, "web", "provisional", 1, List.of(1L), 61, 1),
        metric(m0, "web", "final", 2, List.of(1L, -1L), 180, 2),
        metric(m1, "web", "provisional", 2, List.of(1L, 5L), 200, 3),
        metric(m1, "ios", "final", 1, List.of(9L), 240, 4))));
    Claimed.insert(writer, Batches.of(WarehouseTables.METRICS_TOO_LATE, new TopicPartition("late", 0), List.of(
        late(m0, "web", 5), late(m0, "web", 6),
        // a too-late event of a minute that had no row at all (its only events all came too late)
        late(HOUR.plusSeconds(120), "web", 7))));
  }

  @AfterAll
  static void close() {
    writer.close();
  }

  @Test
  void shouldShowTheLatestRowWithItsStatusAndTooLateEventsNextToIt() {
    assertThat(q("SELECT toString(minute), source, status, count, distinct_users, revenue, too_late_events,"
        + " too_late_revenue FROM " + database + ".metrics_minute_v WHERE event = 'buy'"
        + " ORDER BY minute, source FORMAT TabSeparated")).isEqualTo(String.join("\n",
        "2026-01-05 10:00:00\tweb\tfinal\t2\t2\t2\t2\t5",
        "2026-01-05 10:01:00\tios\tfinal\t1\t1\t1\t0\t0",
        "2026-01-05 10:01:00\tweb\tprovisional\t2\t2\t2\t0\t0",
        "2026-01-05 10:02:00\tweb\tfinal\t0\t0\t0\t1\t2.5"));
  }

  @Test
  void shouldRollDistinctUsersUpOverTheUnionOfTheMinutesHashes() {
    // web: minute 0 {1, 2^64-1} (and its provisional version {1}), minute 1 {1, 5}, too late {7}: 4 distinct
    // users, where summing the minutes would give 5
    assertThat(q("SELECT toString(hour), source, count, distinct_users, revenue, too_late_events, provisional_minutes"
        + " FROM " + database + ".metrics_hour_v WHERE event = 'buy' ORDER BY source FORMAT TabSeparated"))
        .isEqualTo(String.join("\n",
            "2026-01-05 10:00:00\tios\t1\t1\t1\t0\t0",
            "2026-01-05 10:00:00\tweb\t4\t4\t4\t3\t1"));
    assertThat(q("SELECT toString(day), source, distinct_users FROM " + database
        + ".metrics_day_v WHERE event = 'buy' ORDER BY source FORMAT TabSeparated"))
        .isEqualTo("2026-01-05\tios\t1\n2026-01-05\tweb\t4");
  }

  @Test
  void shouldNeverCountAnIdentityTwiceWhenTheRollupIsFedAgain() {
    refill("1");
    refill("1");

    assertThat(q("SELECT distinct_users FROM " + database + ".metrics_hour_v WHERE event = 'buy' AND source = 'web'"
        + " FORMAT TabSeparated")).isEqualTo("4");
    assertThat(q(TableDdl.withDatabase(UserRollup.checkQuery(), database) + " FORMAT TabSeparated")).isEmpty();
  }

  @Test
  void shouldFindAndRepairIdentitiesTheMaterializedViewLost() {
    String other = TestClickHouse.createDatabase();
    try (ClickHouseWarehouseWriter w = TestWarehouse.withSchema(other)) {
      Claimed.insert(w, Batches.of(WarehouseTables.METRICS_MINUTE, new TopicPartition("metrics", 0), List.of(
          metric(HOUR, "web", "final", 2, List.of(1L, 2L), 180, 1))));
      insertPastView(w, other, UserRollup.FROM_MINUTES_VIEW,
          metric(HOUR.plusSeconds(3600), "web", "final", 1, List.of(3L), 180, 2));
      String check = TableDdl.withDatabase(UserRollup.checkQuery(), other) + " FORMAT TabSeparated";

      assertThat(q(check)).isEqualTo("2026-01-05 11:00:00\tbuy\tweb\t0\t1");
      execute(UserRollup.refillQueries("toStartOfHour(minute) = toDateTime('2026-01-05 11:00:00', 'UTC')"), other);
      assertThat(q(check)).isEmpty();
      assertThat(q("SELECT toString(hour), distinct_users FROM " + other + ".metrics_hour_v ORDER BY hour"
          + " FORMAT TabSeparated")).isEqualTo("2026-01-05 10:00:00\t2\n2026-01-05 11:00:00\t1");
    }
  }

  @Test
  void shouldFillTheRollupOfAWarehouseCreatedBeforeIt() {
    String other = TestClickHouse.createDatabase();
    try (ClickHouseWarehouseWriter w = TestWarehouse.withSchema(other)) {
      Claimed.insert(w, Batches.of(WarehouseTables.METRICS_MINUTE, new TopicPartition("metrics", 0), List.of(
          metric(HOUR, "web", "final", 2, List.of(1L, 2L), 180, 1))));
      List<String> relations = new ArrayList<>(Rollups.relations());
      Collections.reverse(relations); // the materialized views before the tables they write to
      for (String relation : relations) {
        TestClickHouse.execute("DROP TABLE " + other + ".`" + relation + "`");
      }

      w.createSchema();

      assertThat(q("SELECT count, distinct_users FROM " + other + ".metrics_hour_v FORMAT TabSeparated")).isEqualTo("2\t2");
      assertThat(q("SELECT count() FROM " + other + ".`" + CountRollup.TABLE + "` FORMAT TabSeparated")).isEqualTo("1");
      assertThat(q("SELECT count() FROM " + other + ".`" + IdentityDayRollup.TABLE + "` FORMAT TabSeparated")).isEqualTo("2");
    }
  }

  @Test
  void shouldFindAndRepairIdentitiesTheDailyRollupLost() {
    String other = TestClickHouse.createDatabase();
    try (ClickHouseWarehouseWriter w = TestWarehouse.withSchema(other)) {
      Claimed.insert(w, Batches.of(WarehouseTables.METRICS_MINUTE, new TopicPartition("metrics", 0), List.of(
          metric(HOUR, "web", "final", 2, List.of(1L, 2L), 180, 1))));
      // the next day's first minute reaches the table, not the daily rollup's view
      insertPastView(w, other, IdentityDayRollup.FROM_MINUTES_VIEW,
          metric(HOUR.plusSeconds(86_400), "web", "provisional", 2, List.of(2L, 3L), 61, 2));
      String check = TableDdl.withDatabase(IdentityDayRollup.checkQuery(), other) + " FORMAT TabSeparated";

      assertThat(q(check)).isEqualTo("2026-01-06\t0\t2");
      execute(IdentityDayRollup.refillQueries("toDate(minute) = toDate('2026-01-06')"), other);
      execute(IdentityDayRollup.refillQueries("toDate(minute) = toDate('2026-01-06')"), other);
      assertThat(q(check)).isEmpty();
      assertThat(q("SELECT toString(day), groupArray(user_hash) FROM (SELECT DISTINCT day, user_hash FROM " + other
          + ".`" + IdentityDayRollup.TABLE + "` ORDER BY day, user_hash) GROUP BY day ORDER BY day FORMAT TabSeparated"))
          .isEqualTo("2026-01-05\t[1,2]\n2026-01-06\t[2,3]");
    }
  }

  @Test
  void shouldFindAndRepairFinalMinutesTheCountRollupLost() {
    String other = TestClickHouse.createDatabase();
    try (ClickHouseWarehouseWriter w = TestWarehouse.withSchema(other)) {
      Claimed.insert(w, Batches.of(WarehouseTables.METRICS_MINUTE, new TopicPartition("metrics", 0), List.of(
          metric(HOUR, "web", "provisional", 1, List.of(1L), 61, 1),
          metric(HOUR, "web", "final", 2, List.of(1L, 2L), 180, 2),
          metric(HOUR.plusSeconds(3600), "web", "provisional", 4, List.of(3L), 61, 3))));
      // the final row replacing the provisional minute of 11:00 reaches the table, not the rollup's view
      insertPastView(w, other, CountRollup.FROM_MINUTES_VIEW,
          metric(HOUR.plusSeconds(3600), "web", "final", 5, List.of(3L), 180, 4));
      String check = TableDdl.withDatabase(CountRollup.checkQuery(), other) + " FORMAT TabSeparated";
      String hours = "SELECT toString(hour), count, provisional_minutes FROM " + other + ".metrics_hour_v ORDER BY hour"
          + " FORMAT TabSeparated";

      assertThat(q(check)).isEqualTo("2026-01-05 11:00:00\tbuy\tweb\t0\t1\t0\t5");
      assertThat(q(hours)).as("the minute is final in the table, absent from the rollup").isEqualTo("2026-01-05 10:00:00\t2\t0");
      execute(CountRollup.refillQueries("toStartOfHour(minute) = toDateTime('2026-01-05 11:00:00', 'UTC')"), other);
      assertThat(q(check)).isEmpty();
      assertThat(q(hours)).isEqualTo("2026-01-05 10:00:00\t2\t0\n2026-01-05 11:00:00\t5\t0");
    }
  }

  @Test
  void shouldNeverCountAFinalMinuteTwiceWhenTheCountRollupIsFedAgain() {
    for (String statement : CountRollup.refillQueries("1")) {
      TestClickHouse.execute(TableDdl.withDatabase(statement, database));
      TestClickHouse.execute(TableDdl.withDatabase(statement, database));
    }

    assertThat(q("SELECT count, revenue, provisional_minutes FROM " + database + ".metrics_hour_v WHERE event = 'buy'"
        + " AND source = 'web' FORMAT TabSeparated")).isEqualTo("4\t4\t1");
    assertThat(q(TableDdl.withDatabase(CountRollup.checkQuery(), database) + " FORMAT TabSeparated")).isEmpty();
  }

  @Test
  void shouldCountTooLateEventsPerMinuteEventAndSource() {
    assertThat(q("SELECT toString(minute), too_late_events, too_late_users, too_late_revenue FROM " + database
        + ".metrics_too_late_v WHERE event = 'buy' ORDER BY minute FORMAT TabSeparated")).isEqualTo(String.join("\n",
        "2026-01-05 10:00:00\t2\t1\t5",
        "2026-01-05 10:02:00\t1\t1\t2.5"));
  }

  @Test
  void shouldStoreHashesAsTheUnsigned64BitValuesOfTheirBits() {
    assertThat(q("SELECT arrayStringConcat(arrayMap(h -> toString(h), user_hashes), ',') FROM " + database
        + ".metrics_minute FINAL WHERE event = 'buy' AND minute = toDateTime('2026-01-05 10:00:00', 'UTC')"
        + " AND source = 'web' FORMAT TabSeparated")).isEqualTo("1,18446744073709551615");
  }

  private static Row metric(Instant minute, String source, String status, long count, List<Long> users,
      long versionSeconds, long offset) {
    MinuteMetric m = MinuteMetric.newBuilder(TestRecords.minuteMetric("buy", minute, count, count))
        .setSource(source).setStatus(status).setUserHashes(users).setDistinctUsers((long) users.size())
        .setUpdatedAt(minute.plusSeconds(versionSeconds)).build();
    return Rows.of(m, "metrics", 0, offset);
  }

  private static Row late(Instant minute, String source, long offset) {
    TooLateEvent e = TooLateEvent.newBuilder(TestRecords.tooLateEvent("buy", minute)).setSource(source).build();
    return Rows.of(Datasets.METRICS_TOO_LATE, e, "late", 0, offset);
  }

  /** What a ClickHouse killed during an INSERT can leave: the minute row in the table, not in {@code view}'s rollup. */
  private static void insertPastView(ClickHouseWarehouseWriter w, String db, String view, Row minuteRow) {
    TestClickHouse.execute("DETACH TABLE " + db + ".`" + view + "`");
    Claimed.insert(w, Batches.of(WarehouseTables.METRICS_MINUTE, new TopicPartition("metrics", 0), List.of(minuteRow)));
    TestClickHouse.execute("ATTACH TABLE " + db + ".`" + view + "`");
  }

  private static void execute(List<String> statements, String db) {
    statements.forEach(statement -> TestClickHouse.execute(TableDdl.withDatabase(statement, db)));
  }

  private static void refill(String minuteCondition) {
    for (String statement : UserRollup.refillQueries(minuteCondition)) {
      TestClickHouse.execute(TableDdl.withDatabase(statement, database));
    }
  }

  private static String q(String sql) {
    return TestClickHouse.query(sql).strip();
  }
}
