package dev.tributary.streams.experiments;

import dev.tributary.experiments.definition.Definitions;
import dev.tributary.warehouse.metrics.PerUnitMetric;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the experiment attribution needs besides its topics.
 *
 * <p>Immutable; thread-safe when {@code definitions} is (the service's reads a volatile reference that a
 * watcher thread replaces when the file changes).
 *
 * @param definitions the experiment definitions in force, read at every exposure; empty when the service has no
 *     definitions file (exposures are then not judged: they stay clean events and attribute nothing)
 * @param metrics the experiment-capable metrics of the catalogue, by name
 * @param attributionWindow how long after a unit's first exposure (event time) its events count
 * @param reportInterval how often (wall clock) a task reports its pending deltas
 */
public record ExperimentRules(Supplier<Optional<Definitions>> definitions, Map<String, PerUnitMetric> metrics,
    Duration attributionWindow, Duration reportInterval) {

  /** The default of the service's {@code experiments.attribution.window.ms}. */
  public static final Duration DEFAULT_ATTRIBUTION_WINDOW = Duration.ofDays(14);
  /** As the audit ledger: about as fresh as the data, one row per busy cell per interval. */
  public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(5);

  public ExperimentRules {
    Objects.requireNonNull(definitions, "definitions");
    metrics = Map.copyOf(new LinkedHashMap<>(metrics));
    Objects.requireNonNull(attributionWindow, "attributionWindow");
    Objects.requireNonNull(reportInterval, "reportInterval");
    if (attributionWindow.isNegative() || attributionWindow.isZero() || reportInterval.isNegative()
        || reportInterval.isZero()) {
      throw new IllegalArgumentException("the attribution window and the report interval must be positive");
    }
  }

  /** No definitions: the attribution is in the topology (its topic is the catalogue's) but judges nothing. */
  public static ExperimentRules off(Map<String, PerUnitMetric> metrics) {
    return new ExperimentRules(Optional::empty, metrics, DEFAULT_ATTRIBUTION_WINDOW, DEFAULT_REPORT_INTERVAL);
  }

  /** The event names some metric counts or sums: only these (and exposures) touch a unit's state. */
  Set<String> metricEvents() {
    return metrics.values().stream()
        .flatMap(m -> Stream.concat(Stream.of(m.numerator()), m.denominator().stream()))
        .map(PerUnitMetric.Measure::event)
        .collect(Collectors.toUnmodifiableSet());
  }
}
