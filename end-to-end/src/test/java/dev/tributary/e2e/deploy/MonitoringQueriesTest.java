package dev.tributary.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.localstack.cli.StackLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The metric-name extraction behind {@code PipelineEndToEndIT}'s check that the dashboard and the
 * alerts read only exported metrics, and the provisioned files' own consistency (the dashboard loads,
 * every panel queries the provisioned data source, every alert is explained in docs/OPERATIONS.md).
 */
class MonitoringQueriesTest {

  private static final Path ROOT = StackLayout.discover(Optional.empty()).root();
  private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/tributary.json");
  private static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");

  @Test
  void shouldReadMetricNamesOutsideLabelsRangesAndGroupings() {
    assertThat(MonitoringQueries.metricNames(
        "histogram_quantile(0.99, sum by (le, table) (rate(sink_insert_latency_seconds_bucket{table=\"events\"}[5m])))"))
        .containsExactly("sink_insert_latency_seconds_bucket");
  }

  @Test
  void shouldReadEveryOperandOfABinaryExpression() {
    assertThat(MonitoringQueries.metricNames(
        "sum(rate(a_total[10m])) / (sum(rate(b_total[10m])) + sum(rate(a_total[10m]))) > 0.05 and on (job) up == 1"))
        .containsExactly("a_total", "b_total", "up");
  }

  @Test
  void shouldNotTakeLabelValuesOrExponentsForMetrics() {
    assertThat(MonitoringQueries.metricNames("max by (job) (lag{job=~\"streams|sink\", x='y z'}) > 1e5"))
        .containsExactly("lag");
  }

  @Test
  void shouldReadSampleNamesOfAnExposition() {
    String exposition = "# HELP x_total X\n# TYPE x_total counter\nx_total{a=\"1\"} 3.0\ny_seconds_bucket{le=\"0.1\"} 1\nz 2\n";

    assertThat(MonitoringQueries.sampleNames(exposition)).containsExactly("x_total", "y_seconds_bucket", "z");
  }

  @Test
  void shouldQueryTheProvisionedDataSourceFromEveryPanel() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    String uid = new YAMLMapper().readTree(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile())
        .path("datasources").get(0).path("uid").asText();

    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("panels")).isNotEmpty().allSatisfy(panel -> {
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(uid);
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        assertThat(panel.path("gridPos").path("x").asInt() + panel.path("gridPos").path("w").asInt()).isLessThanOrEqualTo(24);
      }
    });
    assertThat(MonitoringQueries.dashboard(DASHBOARD)).allSatisfy(q ->
        assertThat(MonitoringQueries.metricNames(q.expr())).as(q.origin()).isNotEmpty());
  }

  @Test
  void shouldExplainEveryAlertInTheOperationsGuide() throws Exception {
    String guide = Files.readString(ROOT.resolve("docs/OPERATIONS.md"));

    assertThat(MonitoringQueries.alerts(ALERTS)).isNotEmpty().allSatisfy(alert ->
        assertThat(guide).as("docs/OPERATIONS.md explains alert " + alert.origin()).contains("`" + alert.origin() + "`"));
  }
}
