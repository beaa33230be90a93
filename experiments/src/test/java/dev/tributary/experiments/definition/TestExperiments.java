package dev.tributary.experiments.definition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds valid experiment definitions for tests, with one thing varied at a time. */
public final class TestExperiments {

  public static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

  private TestExperiments() {}

  /** A running experiment with variants v0, v1, … weighted as given. */
  public static ExperimentDefinition running(String key, String seed, double coverage, double... weights) {
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      variants.add(new Variant("v" + i, weights[i]));
    }
    return new ExperimentDefinition(key, seed, 1, Status.RUNNING, variants, coverage, Optional.of(START),
        Optional.empty(), Optional.of("it helps"), Optional.of("checkout_completed"), List.of(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  public static ExperimentDefinition withCoverage(ExperimentDefinition e, double coverage) {
    return new ExperimentDefinition(e.key(), e.seed(), e.phase(), e.status(), e.variants(), coverage, e.start(),
        e.stop(), e.hypothesis(), e.primaryMetric(), e.guardrailMetrics(), e.minimumDetectableEffect(),
        e.baseline(), e.changedBy());
  }

  public static ExperimentDefinition withStatus(ExperimentDefinition e, Status status) {
    return new ExperimentDefinition(e.key(), e.seed(), e.phase(), status, e.variants(), e.coverage(), e.start(),
        e.stop(), e.hypothesis(), e.primaryMetric(), e.guardrailMetrics(), e.minimumDetectableEffect(),
        e.baseline(), e.changedBy());
  }

  public static ExperimentDefinition withPhase(ExperimentDefinition e, int phase, String seed, List<Variant> variants) {
    return new ExperimentDefinition(e.key(), seed, phase, e.status(), variants, e.coverage(), e.start(),
        e.stop(), e.hypothesis(), e.primaryMetric(), e.guardrailMetrics(), e.minimumDetectableEffect(),
        e.baseline(), e.changedBy());
  }

  public static Definitions file(ExperimentDefinition... experiments) {
    return new Definitions(Optional.of("ana"), Optional.empty(), List.of(experiments));
  }
}
