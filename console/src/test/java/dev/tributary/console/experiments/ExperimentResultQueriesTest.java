package dev.tributary.console.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.SqlParam;
import dev.tributary.console.warehouse.QueryResult;
import dev.tributary.experiments.report.ExposureRow;
import dev.tributary.experiments.report.ObservedResults;
import dev.tributary.experiments.report.SumsRow;
import dev.tributary.experiments.stats.MetricKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentResultQueriesTest {

  private static final ExperimentResultQueries QUERIES = new ExperimentResultQueries("wh");
  private static final Instant T = Instant.parse("2026-11-30T12:00:05Z");

  @Test
  void shouldBindTheKeyAndPhaseIntoTheExperimentsModulesSql() {
    ConsoleQuery sums = QUERIES.sums("it's", 2);
    ConsoleQuery exposures = QUERIES.exposures("it's", 2);

    assertThat(sums.template()).contains("FROM `wh`.`experiment_sums_v` WHERE experiment_key = ? AND phase = ?");
    assertThat(exposures.template()).contains("FROM `wh`.`experiment_exposures_v` WHERE experiment_key = ?");
    assertThat(sums.params()).containsExactly(new SqlParam.Text("it's"), new SqlParam.Int(2));
    assertThat(sums.sql()).contains("experiment_key = 'it\\'s' AND phase = 2");
  }

  @Test
  void shouldTurnTheAnswersIntoTheReportersRows() {
    QueryResult sums = result(14, List.of("checkout", 1L, "green", "aov", "ratio", 10L, 5.5, 40.0, 3.0, 3.0, 5.5,
        0.0, 0.0, 0.0), Arrays.asList("checkout", 1L, "green", "cr", "proportion", 10L, 2.0, 2.0, 0.0, 0.0, 0.0,
        null, 0.0, 0.0));
    QueryResult exposures = result(7, List.of("checkout", 1L, "green", 10L, 2L, "2026-11-30 12:00:05",
        "2026-11-30T13:00:05Z[UTC]"));

    ObservedResults observed = ExperimentResultQueries.observed(sums, exposures);

    assertThat(observed.sums().get(0)).isEqualTo(new SumsRow("checkout", 1, "green", "aov", MetricKind.RATIO, 10,
        5.5, 40, 3, 3, 5.5, 0, 0, 0));
    assertThat(observed.sums().get(1).preSum()).isNaN();
    assertThat(observed.exposures()).containsExactly(new ExposureRow("checkout", 1, "green", 10, 2, T,
        T.plusSeconds(3600)));
  }

  @Test
  void shouldReadATimeInEachFormTheDriverMayHandOver() {
    assertThat(ExperimentResultQueries.instant(T.getEpochSecond())).isEqualTo(T);
    assertThat(ExperimentResultQueries.instant("2026-11-30 12:00:05")).isEqualTo(T);
    assertThat(ExperimentResultQueries.instant("2026-11-30T12:00:05")).isEqualTo(T);
    assertThat(ExperimentResultQueries.instant("2026-11-30T12:00:05Z")).isEqualTo(T);
    assertThat(ExperimentResultQueries.instant("2026-11-30T13:00:05+01:00")).isEqualTo(T);
  }

  private static QueryResult result(int columns, List<?>... rows) {
    return ExperimentResultFixtures.rows(columns, rows);
  }
}
