package dev.tributary.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import dev.tributary.sink.testing.TestWarehouse;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
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
 * The per-minute metrics views on the real ClickHouse 18.16: the latest row per key with its status
 * and too-late events next to it, and hour/day rollups whose distinct users come from the union of
 * the minutes' identity hashes. Rows go in through the sink's own writer, so the Array(UInt64)
 * RowBinary encoding is checked too.
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
    writer.insert(Batches.of(WarehouseTables.METRICS_MINUTE, new TopicPartition("metrics", 0), List.of(
        metric(m0, "web", "provisional", 1, List.of(1L), 61, 1),
        metric(m0, "web", "final", 2, List.of(1L, -1L), 180, 2),
        metric(m1, "web", "provisional", 2, List.of(1L, 5L), 200, 3),
        metric(m1, "ios", "final", 1, List.of(9L), 240, 4))));
    writer.insert(Batches.of(WarehouseTables.METRICS_TOO_LATE, new TopicPartition("late", 0), List.of(
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
    // web: minute 0 {1, 2^64-1}, minute 1 {1, 5}: 3 distinct users, where summing minutes would give 4
    assertThat(q("SELECT toString(hour), source, count, distinct_users, revenue, too_late_events, provisional_minutes"
        + " FROM " + database + ".metrics_hour_v WHERE event = 'buy' ORDER BY source FORMAT TabSeparated"))
        .isEqualTo(String.join("\n",
            "2026-01-05 10:00:00\tios\t1\t1\t1\t0\t0",
            "2026-01-05 10:00:00\tweb\t4\t3\t4\t3\t1"));
    assertThat(q("SELECT toString(day), source, distinct_users FROM " + database
        + ".metrics_day_v WHERE event = 'buy' ORDER BY source FORMAT TabSeparated"))
        .isEqualTo("2026-01-05\tios\t1\n2026-01-05\tweb\t3");
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

  private static String q(String sql) {
    return TestClickHouse.query(sql).strip();
  }
}
