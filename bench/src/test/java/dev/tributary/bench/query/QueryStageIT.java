package dev.tributary.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.CountRollup;
import dev.tributary.common.catalogue.IdentityDayRollup;
import dev.tributary.common.catalogue.PersonSnapshot;
import dev.tributary.common.catalogue.UserRollup;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.warehouse.schema.TableDdl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The query stage on a small synthetic week: the data has the shape the stage promises (1% of rows
 * repeated and collapsed by events_v, minute rows that account for every event once (their earlier
 * provisional versions, which merges may already have collapsed, do not count), rollups that agree with them, five visits per person) and every
 * dashboard query runs and answers. Not how fast: that is the bench's job.
 */
class QueryStageIT {

  private static final long EVENTS = 200_000;

  @Test
  void shouldLoadAWeekShapedAsPromisedAndAnswerEveryDashboardQuery() {
    String db = TestClickHouse.createDatabase();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    QueryStage.Result r = QueryStage.measure(TestClickHouse.http(), db, EVENTS,
        new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(r.rowsInEvents()).isEqualTo(EVENTS);
    assertThat(q(db, "SELECT count() FROM events_v")).isEqualTo(Long.toString(EVENTS - EVENTS / 100));
    assertThat(q(db, "SELECT sum(count) FROM metrics_minute_v")).isEqualTo(Long.toString(EVENTS - EVENTS / 100));
    assertThat(q(db, "SELECT sum(events) FROM (" + DashboardQuery.all().stream()
        .filter(d -> d.name().contains("count rollup")).findFirst().orElseThrow().sql() + ")"))
        .isEqualTo(Long.toString(EVENTS - EVENTS / 100));
    assertThat(q(db, "SELECT min(timestamp) >= toDateTime('2026-03-02 00:00:00'), max(timestamp) < toDateTime('2026-03-09 00:00:00')"
        + " FROM events")).isEqualTo("1\t1");
    assertThat(Long.parseLong(q(db, "SELECT uniqExact(ifNull(user_id, anonymous_id)) FROM events")))
        .isBetween(new SyntheticWeek(EVENTS).people() * 9 / 10, new SyntheticWeek(EVENTS).people());
    assertThat(r.rollupRows()).isPositive();
    assertThat(q(db, TableDdl.withDatabase(UserRollup.checkQuery(), db))).as("hourly user states = the minutes' identities")
        .isEmpty();
    assertThat(q(db, TableDdl.withDatabase(CountRollup.checkQuery(), db))).as("hourly count states = the final minutes")
        .isEmpty();
    assertThat(q(db, TableDdl.withDatabase(IdentityDayRollup.checkQuery(), db))).as("daily identities = the minutes'")
        .isEmpty();
    // the refreshed snapshot holds the mapping up to its watermark: only the ids remapped after it are joined
    assertThat(r.remapped()).isPositive();
    assertThat(q(db, "SELECT count() FROM persons WHERE _offset >= joinGet('" + PersonSnapshot.TABLE
        + "', 'person_hash', " + PersonSnapshot.watermarkKey("_partition") + ")")).isEqualTo(Long.toString(r.remapped()));
    // the mapping joins people (fewer persons than identities), and the rollup's answer is the events' answer
    String persons = q(db, sql("metric daily_active_persons"));
    assertThat(persons).isEqualTo(q(db, sql("daily active persons, events_by_person_v") + " ORDER BY period"))
        .isNotEqualTo(q(db, "SELECT toDate(timestamp) AS period, uniqExact(ifNull(user_id, anonymous_id)) FROM events_v"
            + " GROUP BY period ORDER BY period"));
    assertThat(r.timings()).hasSameSizeAs(DashboardQuery.all());
    // the synthetic week loads events and their rollups, not sessions: the session metrics time an empty sessions_v
    assertThat(r.timings()).filteredOn(t -> !t.query().sql().contains("sessions_v"))
        .allSatisfy(t -> assertThat(t.resultRows()).as(t.query().name()).isPositive());
    assertThat(QueryStage.render(r)).contains("metric daily_active_users (day)").contains("events_fast_v")
        .contains("before the first person snapshot");
  }

  private static String sql(String queryName) {
    return DashboardQuery.all().stream().filter(d -> d.name().startsWith(queryName)).findFirst().orElseThrow().sql();
  }

  private static String q(String db, String sql) {
    return TestClickHouse.http().query(db, sql + " FORMAT TabSeparated").strip();
  }
}
