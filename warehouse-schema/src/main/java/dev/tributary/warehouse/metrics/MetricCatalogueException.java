package dev.tributary.warehouse.metrics;

import java.util.List;

/** The metrics catalogue file is unreadable or breaks a rule; {@link #problems()} lists every problem at once. */
public final class MetricCatalogueException extends RuntimeException {

  private final List<String> problems;

  MetricCatalogueException(String source, List<String> problems) {
    super(source + " is not a valid metrics catalogue:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, naming the metric (or its position) and the rule it breaks. */
  public List<String> problems() {
    return problems;
  }
}
