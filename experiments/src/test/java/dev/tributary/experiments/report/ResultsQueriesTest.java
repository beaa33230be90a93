package dev.tributary.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.experiments.stats.MetricKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ResultsQueriesTest {

  private final ResultsQueries queries = new ResultsQueries("tributary", "experiment_sums_v", "experiment_exposures_v");

  private static String hex(String s) {
    return HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldSelectOnePhaseOfOneExperimentWithTheKeyQuoted() {
    assertThat(queries.sumsSql("it's", 2)).contains("FROM `tributary`.`experiment_sums_v`")
        .contains("WHERE experiment_key = 'it\\'s' AND phase = 2").endsWith("FORMAT TabSeparated");
    assertThat(queries.exposuresSql("a\\b", 1)).contains("FROM `tributary`.`experiment_exposures_v`")
        .contains("experiment_key = 'a\\\\b' AND phase = 1");
  }

  @Test
  void shouldOfferTemplatesWithPlaceholdersAndPlainColumnsForJdbc() {
    assertThat(queries.sumsTemplate()).startsWith("SELECT experiment_key, phase, variation_id, metric, metric_kind,")
        .contains("experiment_key = ? AND phase = ?").doesNotContain("FORMAT").doesNotContain("hex(");
    assertThat(queries.exposuresTemplate()).contains("first_exposure, last_exposure FROM")
        .contains("experiment_key = ? AND phase = ?").doesNotContain("FORMAT");
  }

  @Test
  void shouldParseRowsWithHexTextSoTabsInIdsSurvive() {
    String sums = String.join("\t", hex("k"), "1", hex("va\tr"), hex("m"), "ratio", "10", "1.5", "2.5e-3", "3", "4",
        "5", "6", "7", "8") + "\n";
    String exposures = String.join("\t", hex("k"), "1", hex("va\tr"), "10", "2", "1796029200", "1796032800") + "\n";

    ObservedResults o = ResultsQueries.parse(sums, exposures);

    assertThat(o.sums()).containsExactly(new SumsRow("k", 1, "va\tr", "m", MetricKind.RATIO, 10, 1.5, 0.0025, 3, 4, 5,
        6, 7, 8));
    assertThat(o.exposures()).containsExactly(new ExposureRow("k", 1, "va\tr", 10, 2,
        Instant.parse("2026-11-30T09:00:00Z"), Instant.parse("2026-11-30T10:00:00Z")));
    assertThat(ResultsQueries.parse("", "")).isEqualTo(ObservedResults.NONE);
  }

  @Test
  void shouldRefuseARowOfTheWrongShapeOrKind() {
    assertThatThrownBy(() -> ResultsQueries.parse("a\tb\n", "")).hasMessageContaining("unexpected sums row");
    assertThatThrownBy(() -> ResultsQueries.kind("median")).hasMessageContaining("unknown metric_kind 'median'");
  }
}
