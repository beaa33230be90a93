package dev.tributary.warehouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tributary.common.catalogue.PersonSnapshot;
import dev.tributary.warehouse.metrics.MetricDefinition.Grain;
import dev.tributary.warehouse.metrics.MetricDefinition.Unit;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricCatalogueTest {

  private static final String GOOD = """
      metrics:
        - name: daily_active_users
          title: DAU
          description: Distinct identities per day.
          grain: day
          owner: analytics
          unit: users
          sql: SELECT toDate(timestamp) AS period, uniqExact(user_id) AS value FROM events_v GROUP BY period
      """;

  @Test
  void shouldLoadTheBundledCatalogueWithTheKeyMetrics() {
    MetricCatalogue catalogue = MetricCatalogue.bundled();

    assertThat(catalogue.names()).contains("daily_active_users", "weekly_active_users", "events_per_minute",
        "purchase_conversion_rate", "revenue_per_active_user");
    assertThat(catalogue.version()).hasSize(16);
  }

  @Test
  void shouldLookDailyActivePersonsUpInThePersonSnapshotByItsWatermarks() {
    String sql = MetricCatalogue.bundled().find("daily_active_persons").orElseThrow().sql();

    assertThat(sql).contains("joinGet('" + PersonSnapshot.TABLE + "', 'person_hash', user_hash)",
        "joinGet('" + PersonSnapshot.TABLE + "', 'person_hash', " + PersonSnapshot.watermarkKey("_partition") + ")");
  }

  @Test
  void shouldParseEveryFieldOfAMetric() {
    MetricDefinition m = MetricCatalogue.parse("t", GOOD).find("daily_active_users").orElseThrow();

    assertThat(m).isEqualTo(new MetricDefinition("daily_active_users", "DAU", "Distinct identities per day.",
        Grain.DAY, "analytics", Unit.USERS,
        "SELECT toDate(timestamp) AS period, uniqExact(user_id) AS value FROM events_v GROUP BY period"));
  }

  @Test
  void shouldVersionTheCatalogueByItsContent() {
    assertThat(MetricCatalogue.parse("t", GOOD).version()).isEqualTo(MetricCatalogue.parse("u", GOOD).version())
        .isNotEqualTo(MetricCatalogue.parse("t", GOOD.replace("DAU", "Daily")).version());
  }

  @Test
  void shouldReportEveryProblemAtOnceNamingTheMetricAndTheRule() {
    String bad = """
        metrics:
          - name: Daily-Users
            title: x
            description: x
            grain: fortnight
            owner: a
            unit: users
            sql: DELETE FROM events
          - name: dup
            title: x
            description: x
            grain: day
            owner: a
            unit: count
            sql: SELECT 1 AS period, 2 AS value
          - name: dup
            description: ""
            grain: day
            owner: a
            unit: count
            colour: red
            sql: SELECT 1 AS period, 2 AS value; DROP TABLE events
        """;

    MetricCatalogueException e = catchThrowableOfType(MetricCatalogueException.class,
        () -> MetricCatalogue.parse("metrics.yaml", bad));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "metric Daily-Users: name must be snake_case (a-z, 0-9, _; starting with a letter; at most 63 characters)",
        "metric Daily-Users: `grain` must be one of [minute, hour, day, week, session], not `fortnight`",
        "metric Daily-Users: sql must be one SELECT",
        "metric Daily-Users: sql must name its first two columns `period` and `value` (… AS period, … AS value)",
        "metric dup: name is declared twice",
        "metric dup: unknown field `colour` (expected description, grain, name, owner, per_unit, sql, title, unit)",
        "metric dup: `title` is required",
        "metric dup: `description` must be non-empty text",
        "metric dup: sql must be one statement, without `;`");
    assertThat(e).hasMessageStartingWith("metrics.yaml is not a valid metrics catalogue:");
  }

  @Test
  void shouldRefuseAFileWithoutMetrics() {
    assertThatThrownBy(() -> MetricCatalogue.parse("m.yaml", "metric: []"))
        .isInstanceOf(MetricCatalogueException.class).hasMessageContaining("needs a non-empty list `metrics`");
    assertThatThrownBy(() -> MetricCatalogue.parse("m.yaml", "metrics: [unclosed"))
        .isInstanceOf(MetricCatalogueException.class).hasMessageContaining("not YAML");
  }

  @Test
  void shouldLoadTheWholeCatalogueInOneInsertWithEscapedText() {
    MetricCatalogue catalogue = MetricCatalogue.parse("t", GOOD.replace("Distinct identities per day.",
        "It's 'quoted'"));

    String sql = MetricDefinitionsTable.insert("db", catalogue, Instant.ofEpochMilli(1_700_000_000_123L));

    assertThat(sql).startsWith("INSERT INTO `db`.`metric_definitions` (name, title, description, grain, owner, unit,"
            + " sql, catalogue_version, loaded_at, loaded_at_ms) VALUES ('daily_active_users', 'DAU',"
            + " 'It\\'s \\'quoted\\'', 'day', 'analytics', 'users', ")
        .endsWith(", '" + catalogue.version() + "', toDateTime(1700000000), 1700000000123)");
  }

  @Test
  void shouldOfferTheMetricsWithAPerUnitBlockToExperiments() {
    MetricCatalogue catalogue = MetricCatalogue.bundled();

    assertThat(catalogue.experimentMetrics()).containsEntry("purchase_conversion_rate",
            new PerUnitMetric(PerUnitMetric.Kind.PROPORTION, PerUnitMetric.Measure.any("purchase"), Optional.empty()))
        .containsEntry("revenue_per_active_user", new PerUnitMetric(PerUnitMetric.Kind.MEAN,
            PerUnitMetric.Measure.sum("purchase", "revenue"), Optional.empty()))
        .containsEntry("average_order_value", new PerUnitMetric(PerUnitMetric.Kind.RATIO,
            PerUnitMetric.Measure.sum("purchase", "revenue"), Optional.of(PerUnitMetric.Measure.count("purchase"))))
        .doesNotContainKey("daily_active_users");
  }

  @Test
  void shouldReportEveryProblemOfPerUnitBlocksAtOnce() {
    String bad = GOOD.replace("name: daily_active_users", "name: a") + """
            per_unit: {kind: proportion, event: purchase, aggregate: count, colour: red}
          - name: b
            title: x
            description: x
            grain: day
            owner: a
            unit: ratio
            sql: SELECT 1 AS period, 2 AS value
            per_unit: {kind: ratio, event: purchase, aggregate: sum}
          - name: c
            title: x
            description: x
            grain: day
            owner: a
            unit: ratio
            sql: SELECT 1 AS period, 2 AS value
            per_unit: {kind: median, aggregate: any, property: revenue, denominator: {event: x, aggregate: any}}
        """;

    MetricCatalogueException e = catchThrowableOfType(MetricCatalogueException.class,
        () -> MetricCatalogue.parse("metrics.yaml", bad));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "metric a: per_unit: unknown field `colour` (expected aggregate, denominator, event, kind, property)",
        "metric a: per_unit.aggregate must be any for kind proportion (a unit converts or not), not count",
        "metric b: per_unit.property is required with aggregate sum: the properties key to add up",
        "metric b: per_unit.denominator is required for kind ratio: a mapping of aggregate, event, property",
        "metric c: per_unit: `kind` must be one of [mean, proportion, ratio], not `median`",
        "metric c: per_unit: `event` is required",
        "metric c: per_unit.property is for aggregate sum only, not any");
  }
}
