package dev.tributary.experiments.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.experiments.assignment.Assigner;
import dev.tributary.experiments.assignment.Assignment;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example file in the repository stays valid and says what the docs say it says. */
class ExampleDefinitionsTest {

  @Test
  void shouldKeepTheExampleFileValidWithOneDemoExperimentAtFivePercent() throws Exception {
    Path example = Path.of("definitions.example.yaml");
    DefinitionsParser.Parsed parsed = DefinitionsParser.parse(Files.readString(example), MetricCatalogue.bundled().experimentMetrics().keySet());

    assertThat(parsed).isInstanceOf(DefinitionsParser.Valid.class);
    Definitions d = ((DefinitionsParser.Valid) parsed).definitions();
    assertThat(d.running()).singleElement().satisfies(e -> {
      assertThat(e.key()).isEqualTo("checkout-button");
      assertThat(e.coverage()).isEqualTo(0.05);
      assertThat(e.seed()).isEqualTo("checkout-button");
      // the endpoint example of docs/EXPERIMENTS.md
      Assignment u42 = Assigner.assign(e, "u-42");
      assertThat(u42.hashValue()).contains(0.1484);
      assertThat(u42.inExperiment()).isFalse();
      // 12 % -> 12.6 %, alpha 0.05, power 0.8 (the docs quote it)
      assertThat(PlannedSampleSize.of(e)).hasValueSatisfying(a -> assertThat(a.perVariant()).isEqualTo(47_034));
    });
  }
}
