package dev.tributary.warehouse.schema;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.CountRollup;
import dev.tributary.common.catalogue.IdentityDayRollup;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.WarehouseTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.catalogue.WarehouseTable;
import java.util.Locale;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDdlTest {

  @Test
  void shouldCreateEverythingIdempotentlyInOrder() {
    long tablesAndViews = Datasets.tables().stream().mapToLong(t -> 1 + t.views().size()).sum();
    assertThat(TableDdl.statements("tributary"))
        .hasSize(1 + (int) tablesAndViews + Rollups.ddl().size())
        .allSatisfy(s -> assertThat(s).contains("IF NOT EXISTS"))
        .first().isEqualTo("CREATE DATABASE IF NOT EXISTS `tributary`");
  }

  @Test
  void shouldAvoidFeaturesMissingFromClickHouse18() {
    assertThat(String.join("\n", TableDdl.statements("db")).toUpperCase(Locale.ROOT))
        .doesNotContain("DATETIME64", "MAP(", "JSON", " TTL ", "CODEC", "LOWCARDINALITY", "ADD COLUMN");
  }

  @Test
  void shouldKeyEventsOnEventIdAndPartitionByReceivedMonth() {
    assertThat(TableDdl.createTable("db", WarehouseTables.EVENTS))
        .startsWith("CREATE TABLE IF NOT EXISTS `db`.`events` (`event_id` String, ")
        .contains("`timestamp` DateTime('UTC')", "`revenue` Nullable(Float64)", "`_offset` Int64")
        .endsWith("ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(received_at)"
            + " ORDER BY (event, toDate(timestamp), event_id)");
  }

  @Test
  void shouldKeepEachExperimentChangeOnceByItsDeterministicId() {
    assertThat(TableDdl.createTable("db", WarehouseTables.EXPERIMENT_CHANGES))
        .contains("`change_id` String", "`phase` Int32", "`from_value` Nullable(String)")
        .endsWith("ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(changed_at) ORDER BY (experiment_key, change_id)");
  }

  @Test
  void shouldVersionMetricsByStreamTimeSoTheFinalRowWinsPerMinuteEventAndSource() {
    assertThat(TableDdl.createTable("db", WarehouseTables.METRICS_MINUTE))
        .contains("`status` String", "`distinct_users` UInt64", "`user_hashes` Array(UInt64)")
        .endsWith("ENGINE = ReplacingMergeTree(updated_at_ms) PARTITION BY toYYYYMM(minute)"
            + " ORDER BY (minute, event, source)");
  }

  @Test
  void shouldKeepEveryTooLateEvent() {
    assertThat(TableDdl.createTable("db", WarehouseTables.METRICS_TOO_LATE))
        .endsWith("ENGINE = MergeTree() PARTITION BY toYYYYMM(minute) ORDER BY (minute, event, source)");
  }

  @Test
  void shouldKeepEveryDeadLetter() {
    assertThat(TableDdl.createTable("db", WarehouseTables.DEAD_LETTERS))
        .endsWith("ENGINE = MergeTree() PARTITION BY toYYYYMM(failed_at) ORDER BY (reason, failed_at)");
  }

  @Test
  void shouldCreateNewEventsColumnsAsNullable() {
    assertThat(TableDdl.createTable("db", WarehouseTables.EVENTS))
        .contains("`revenue` Nullable(Float64), `traits` Nullable(String), `group_id` Nullable(String),"
            + " `previous_id` Nullable(String), `session_id` Nullable(String), `backfill` Nullable(Int64), `_topic` String");
  }

  @Test
  void shouldWriteAQueryViewWithItsDatabaseFilledIn() {
    assertThat(TableDdl.statements("my`db")).contains("CREATE VIEW IF NOT EXISTS `my\\`db`.`sessions_v` AS SELECT"
        + " session_id, identity, started_at, ended_at, duration_ms, events, page_views, entry_url, entry_path,"
        + " referrer, converted FROM (SELECT status, session_id, identity, started_at, ended_at, duration_ms, events,"
        + " page_views, entry_url, entry_path, referrer, converted FROM `my\\`db`.`sessions` FINAL)"
        + " WHERE status = 'live'");
  }

  @Test
  void shouldDefineEveryViewUnderAnyNameWithTheSameQuery() {
    assertThat(TableDdl.viewDefinitions("db").get(TableDdl.EVENTS_VIEW).apply("events_v__probe"))
        .isEqualTo("CREATE VIEW IF NOT EXISTS `db`.`events_v__probe` AS SELECT * FROM `db`.`events` FINAL");
    assertThat(TableDdl.viewDefinitions("db").keySet()).containsExactlyElementsOf(
        TableDdl.viewStatements("db").stream().filter(s -> s.startsWith("CREATE VIEW"))
            .map(s -> s.substring("CREATE VIEW IF NOT EXISTS `db`.`".length(), s.indexOf("` AS ")))
            .toList());
  }

  @Test
  void shouldReadViewsFinal() {
    assertThat(TableDdl.statements("db")).contains(
        "CREATE VIEW IF NOT EXISTS `db`.`events_v` AS SELECT * FROM `db`.`events` FINAL");
    assertThat(TableDdl.statements("db")).filteredOn(s -> s.contains("`metrics_minute_v` AS SELECT")).singleElement()
        .asString().contains("FROM `db`.`metrics_minute` FINAL", "FROM `db`.`metrics_too_late`");
  }

  @Test
  void shouldRollDistinctUsersUpFromTheHourlyStatesNotBySummingMinutes() {
    assertThat(TableDdl.statements("db")).filteredOn(s -> s.contains("`metrics_hour_v` AS SELECT")).singleElement()
        .asString().contains("uniqCombinedMerge(14)(users) AS u", "FROM `db`.`metrics_users_hour`",
            "FROM `db`.`metrics_counts_hour`", "FROM `db`.`metrics_minute` WHERE minute IN")
        .doesNotContain("sum(distinct_users)", "{db}", "FINAL");
  }

  @Test
  void shouldFeedTheUserRollupFromBothMetricTablesAfterTheirColumnsExist() {
    List<String> views = TableDdl.viewStatements("db");

    assertThat(views.subList(0, 3)).allSatisfy(s -> assertThat(s).doesNotContain("{db}"));
    assertThat(views.get(0)).startsWith("CREATE TABLE IF NOT EXISTS `db`.`metrics_users_hour`")
        .contains("AggregateFunction(uniqCombined(14), UInt64)", "AggregatingMergeTree()");
    assertThat(views.get(1)).contains("TO `db`.`metrics_users_hour`", "FROM `db`.`metrics_minute`");
    assertThat(views.get(2)).contains("TO `db`.`metrics_users_hour`", "FROM `db`.`metrics_too_late`");
  }

  @Test
  void shouldFeedTheCountRollupWithFinalMinuteRowsOnly() {
    List<String> views = TableDdl.viewStatements("db");

    int table = views.indexOf(views.stream()
        .filter(v -> v.startsWith("CREATE TABLE IF NOT EXISTS `db`.`" + CountRollup.TABLE + "`")).findFirst().orElseThrow());
    assertThat(views.get(table))
        .contains("AggregateFunction(groupUniqArray, Tuple(DateTime('UTC'), UInt64, Float64))", "AggregatingMergeTree()");
    assertThat(views.get(table + 1)).contains("TO `db`.`" + CountRollup.TABLE + "`", "FROM `db`.`metrics_minute` WHERE status = 'final'")
        .doesNotContain("{db}");
  }

  @Test
  void shouldFeedTheDailyIdentitiesFromTheThreeMetricTablesAndNeverFromTheFencedEvents() {
    List<String> ddl = TableDdl.viewStatements("db").stream().filter(s -> s.contains("`" + IdentityDayRollup.TABLE + "`"))
        .toList();

    assertThat(ddl.get(0)).startsWith("CREATE TABLE IF NOT EXISTS `db`.`" + IdentityDayRollup.TABLE + "`")
        .contains("(day Date, user_hash UInt64)", "AggregatingMergeTree()", "ORDER BY (day, user_hash)");
    assertThat(ddl.subList(1, ddl.size())).extracting(s -> s.substring(s.lastIndexOf("FROM ")))
        .containsExactlyInAnyOrder("FROM `db`.`metrics_minute` GROUP BY day, user_hash",
            "FROM `db`.`metrics_too_late` GROUP BY day, user_hash",
            "FROM `db`.`metrics_minute_backfill` GROUP BY day, user_hash");
    assertThat(IdentityDayRollup.refillQueries("1")).noneMatch(s -> s.contains("`events`"));
  }

  @Test
  void shouldCreateViewsAfterEveryTableTheyRead() {
    List<String> statements = TableDdl.statements("db");
    int lastTable = 0;
    int firstView = statements.size();
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).startsWith("CREATE TABLE") || statements.get(i).startsWith("CREATE MATERIALIZED")) {
        lastTable = i;
      } else if (statements.get(i).startsWith("CREATE VIEW")) {
        firstView = Math.min(firstView, i);
      }
    }
    assertThat(lastTable).isLessThan(firstView);
  }
}
