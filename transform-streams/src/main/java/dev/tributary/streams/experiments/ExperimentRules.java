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
 * @param cupedLookback how far before a unit's first exposure (event time) its events make the pre-exposure
 *     covariate x of CUPED; zero: CUPED off (x = 0, no pre-exposure events kept)
 * @param grace how far behind the task's stream time an event may be and still count (see {@link Expiry}); also
 *     how long after an experiment's stop its exposures still attribute
 * @param maxPreEvents at most this many pre-exposure contributions are kept per unit (the oldest go first)
 * @param expiryInterval how often (wall clock) a task scans its units and deletes what can no longer count
 */
public record ExperimentRules(Supplier<Optional<Definitions>> definitions, Map<String, PerUnitMetric> metrics,
    Duration attributionWindow, Duration reportInterval, Duration cupedLookback, Duration grace, int maxPreEvents,
    Duration expiryInterval) {

  /** The default of the service's {@code experiments.attribution.window.ms}. */
  public static final Duration DEFAULT_ATTRIBUTION_WINDOW = Duration.ofDays(14);
  /** As the audit ledger: about as fresh as the data, one row per busy cell per interval. */
  public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(5);
  /** The default of {@code experiments.cuped.lookback.ms}: a week, one full weekly cycle of behaviour. */
  public static final Duration DEFAULT_CUPED_LOOKBACK = Duration.ofDays(7);
  /** The default of {@code experiments.grace.ms}: a day of late (offline, batched) events. */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(1);
  /** The default of {@code experiments.cuped.max.pre.events}. */
  public static final int DEFAULT_MAX_PRE_EVENTS = 64;
  /** The default of {@code experiments.units.expiry.interval.ms}. */
  public static final Duration DEFAULT_EXPIRY_INTERVAL = Duration.ofMinutes(10);

  public ExperimentRules {
    Objects.requireNonNull(definitions, "definitions");
    metrics = Map.copyOf(new LinkedHashMap<>(metrics));
    Objects.requireNonNull(attributionWindow, "attributionWindow");
    Objects.requireNonNull(reportInterval, "reportInterval");
    Objects.requireNonNull(cupedLookback, "cupedLookback");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(expiryInterval, "expiryInterval");
    if (attributionWindow.isNegative() || attributionWindow.isZero() || reportInterval.isNegative()
        || reportInterval.isZero() || expiryInterval.isNegative() || expiryInterval.isZero()) {
      throw new IllegalArgumentException(
          "the attribution window, the report interval and the expiry interval must be positive");
    }
    if (cupedLookback.isNegative() || grace.isNegative() || maxPreEvents < 1) {
      throw new IllegalArgumentException(
          "the CUPED lookback and the grace must not be negative, and at least one pre-exposure event is kept");
    }
  }

  /** The default CUPED lookback, grace, pre-event cap and expiry interval. */
  public ExperimentRules(Supplier<Optional<Definitions>> definitions, Map<String, PerUnitMetric> metrics,
      Duration attributionWindow, Duration reportInterval) {
    this(definitions, metrics, attributionWindow, reportInterval, DEFAULT_CUPED_LOOKBACK, DEFAULT_GRACE,
        DEFAULT_MAX_PRE_EVENTS, DEFAULT_EXPIRY_INTERVAL);
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

  /** True when exposures carry a pre-exposure covariate. */
  boolean cupedOn() {
    return !cupedLookback.isZero();
  }
}
