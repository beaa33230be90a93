package dev.tributary.experiments.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@link ExperimentResults} port over rows held in memory, as the two views would return them. */
public final class InMemoryExperimentResults implements ExperimentResults {

  private final List<SumsRow> sums = new CopyOnWriteArrayList<>();
  private final List<ExposureRow> exposures = new CopyOnWriteArrayList<>();

  public InMemoryExperimentResults add(SumsRow row) {
    sums.add(row);
    return this;
  }

  public InMemoryExperimentResults add(ExposureRow row) {
    exposures.add(row);
    return this;
  }

  @Override
  public ObservedResults read(String experimentKey, int phase) {
    List<SumsRow> s = new ArrayList<>();
    sums.stream().filter(r -> r.experimentKey().equals(experimentKey) && r.phase() == phase).forEach(s::add);
    List<ExposureRow> e = new ArrayList<>();
    exposures.stream().filter(r -> r.experimentKey().equals(experimentKey) && r.phase() == phase).forEach(e::add);
    return new ObservedResults(s, e);
  }
}
