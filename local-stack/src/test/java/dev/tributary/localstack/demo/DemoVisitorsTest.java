package dev.tributary.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.experiments.assignment.Assigner;
import dev.tributary.experiments.assignment.Assignment;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.experiments.definition.ExperimentDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The demo experiment's ticks against an ingest stand-in that assigns from whatever definitions were served last,
 * as the real one does after its reload: the ramp is served step by step, and only included visitors are exposed,
 * in the variant the assignment gave them.
 */
class DemoVisitorsTest {

  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final List<String> served = new ArrayList<>();
  private final List<Map<String, Object>> sent = new ArrayList<>();

  private final AtomicReference<ExperimentDefinition> inForce = new AtomicReference<>();

  /** What the ingest stand-in does on a reload: read the new file. */
  private void serve(String yaml) {
    served.add(yaml);
    DefinitionsParser.Parsed parsed = DefinitionsParser.parseAnyMetrics(yaml);
    inForce.set(((DefinitionsParser.Valid) parsed).definitions().experiments().get(0));
  }

  private ExperimentDefinition inForce() {
    return inForce.get();
  }

  private Optional<DemoVisitors.Assigned> assign(String visitor) {
    Assignment a = Assigner.assign(inForce(), visitor);
    return a.inExperiment() ? Optional.of(new DemoVisitors.Assigned(a.variationId(), a.variationIndex()))
        : Optional.empty();
  }

  @Test
  void shouldServeEachRampStepOnceAndExposeOnlyTheVisitorsItIncludes() throws Exception {
    String example = Files.readString(Path.of("..", "experiments", "definitions.example.yaml"));
    serve(DemoExperiment.definitions(example, DemoExperiment.RAMP.get(0), T0));
    DemoVisitors visitors = new DemoVisitors(example, this::serve, sent::addAll, clock);
    List<Long> exposuresPerStep = new ArrayList<>();

    for (int step = 0; step < DemoExperiment.RAMP.size(); step++) {
      now.set(T0.plus(DemoExperiment.STEP.multipliedBy(step)));
      int before = sent.size();
      visitors.tick(2_000, this::assign);
      assertThat(inForce().coverage()).isEqualTo(DemoExperiment.RAMP.get(step));
      exposuresPerStep.add(sent.subList(before, sent.size()).stream()
          .filter(e -> e.get("event").equals(DemoExperiment.EXPOSURE_EVENT)).count());
      visitors.tick(0, this::assign); // a tick within the step serves nothing new
    }

    assertThat(served).hasSize(DemoExperiment.RAMP.size());
    assertThat(exposuresPerStep.get(0)).isBetween(60L, 150L);       // ~5 % of 2000
    assertThat(exposuresPerStep.get(3)).isEqualTo(2_000L);         // everyone at 100 %
    assertThat(exposuresPerStep).isSorted();
    for (Map<String, Object> e : sent) {
      if (e.get("event").equals(DemoExperiment.EXPOSURE_EVENT)) {
        String visitor = (String) e.get("user_id");
        Assignment a = Assigner.assign(inForce(), visitor);
        assertThat(((Map<?, ?>) e.get("properties")).get("variation_id")).isEqualTo(a.variationId());
      }
    }
    assertThat(visitors.line()).contains("at 100 % coverage: 8000 visitors").contains("exposed");
  }
}
