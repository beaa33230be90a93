package dev.tributary.ingest.experiments;

import java.util.Set;

/** Definitions files for the experiment tests of the ingest service. */
public final class Fixtures {

  public static final Set<String> METRICS = Set.of("purchase_conversion_rate");

  private Fixtures() {}

  /**
   * A file with one running experiment, seed "seed", 3 variants weighted 0.2/0.3/0.5 (GrowthBook's published
   * bucket-range vector) at {@code coverage}, and a draft that must never be assigned.
   */
  public static String file(String coverage) {
    return """
        changed_by: ana
        experiments:
          - key: gb-vector
            seed: seed
            status: running
            coverage: %s
            variants: [{id: control, weight: 0.2}, {id: blue, weight: 0.3}, {id: green, weight: 0.5}]
            start: 2026-11-30T09:00:00Z
            hypothesis: the published vectors hold
            primary_metric: purchase_conversion_rate
          - key: not-yet
            status: draft
            coverage: 1
            variants: [{id: a, weight: 0.5}, {id: b, weight: 0.5}]
        """.formatted(coverage);
  }
}
