package dev.tributary.warehouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/METRICS.md} equal to the metrics catalogue. After editing {@code metrics.yaml},
 * regenerate it with {@code ./mvnw -pl warehouse-schema test -Dtest=MetricsDocsTest -Dmetrics.docs.write=true}.
 */
class MetricsDocsTest {

  private static final Path DOC = Path.of("..", "docs", "METRICS.md");

  @Test
  void shouldMatchTheCatalogue() throws Exception {
    String expected = MetricsDocs.markdown(MetricCatalogue.bundled());
    if (Boolean.getBoolean("metrics.docs.write")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/METRICS.md is stale; regenerate it with -Dmetrics.docs.write=true (see this test's Javadoc)")
        .isEqualTo(expected);
  }

  @Test
  void shouldShowEveryMetricWithItsSql() {
    MetricCatalogue catalogue = MetricCatalogue.bundled();
    String doc = MetricsDocs.markdown(catalogue);
    catalogue.metrics().forEach(m -> assertThat(doc).contains("## " + m.name()).contains(m.sql()));
  }
}
