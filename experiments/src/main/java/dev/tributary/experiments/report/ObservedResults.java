package dev.tributary.experiments.report;

import java.util.List;

/** What the warehouse holds for one experiment phase: its sums rows and its exposure rows. Immutable. */
public record ObservedResults(List<SumsRow> sums, List<ExposureRow> exposures) {

  /** Nothing observed yet. */
  public static final ObservedResults NONE = new ObservedResults(List.of(), List.of());

  public ObservedResults {
    sums = List.copyOf(sums);
    exposures = List.copyOf(exposures);
  }
}
