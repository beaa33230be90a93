package dev.tributary.streams.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the attribution remembers about one unit (an identity): per experiment, the unit's attribution in its
 * latest phase, and the unit's recent metric events that may become some later exposure's pre-exposure covariate
 * (CUPED). Kept in {@link ExperimentTopology#UNITS_STORE} under the unit's identity.
 *
 * <p>Immutable; thread-safe.
 *
 * @param attributions by experiment key
 * @param preEvents the unit's contributions to CUPED-capable metrics that are still inside the pre-exposure
 *     lookback of a possible exposure (see {@link PreExposure}), oldest first
 */
record UnitState(Map<String, Attribution> attributions, List<PreEvent> preEvents) {

  static final UnitState EMPTY = new UnitState(Map.of(), List.of());

  UnitState {
    attributions = Map.copyOf(attributions);
    preEvents = List.copyOf(preEvents);
  }

  /** True when nothing is left to remember: the unit's key can be deleted. */
  boolean isEmpty() {
    return attributions.isEmpty() && preEvents.isEmpty();
  }

  Optional<Attribution> attribution(String experimentKey) {
    return Optional.ofNullable(attributions.get(experimentKey));
  }

  UnitState with(String experimentKey, Attribution attribution) {
    Map<String, Attribution> copy = new LinkedHashMap<>(attributions);
    copy.put(experimentKey, attribution);
    return new UnitState(copy, preEvents);
  }

  UnitState withAttributions(Map<String, Attribution> newAttributions) {
    return new UnitState(newAttributions, preEvents);
  }

  UnitState withPreEvents(List<PreEvent> newPreEvents) {
    return new UnitState(attributions, newPreEvents);
  }

  /**
   * A unit's first exposure to one phase of an experiment and what it has contributed since.
   *
   * @param phase the experiment's phase in force at the first exposure
   * @param variation the variation of the first exposure
   * @param exposedAtMs the first exposure's event time
   * @param excluded true once the unit was exposed to another variation of the same phase: it contributes
   *     nothing any more (its contributions were removed)
   * @param values the unit's current value of each of the experiment's metrics (primary and guardrails, as the
   *     definition in force at the first exposure named them)
   */
  record Attribution(int phase, String variation, long exposedAtMs, boolean excluded, List<MetricValue> values) {

    Attribution {
      Objects.requireNonNull(variation, "variation");
      values = List.copyOf(values);
    }

    Attribution exclude() {
      return new Attribution(phase, variation, exposedAtMs, true, values);
    }

    Attribution withValues(List<MetricValue> newValues) {
      return new Attribution(phase, variation, exposedAtMs, excluded, newValues);
    }
  }

  /**
   * One unit's value of one metric: y, d for a ratio metric (0 otherwise), and x, its pre-exposure covariate for
   * CUPED (the same metric over the lookback before the first exposure, fixed at the exposure; 0 for a ratio
   * metric or with CUPED off).
   */
  record MetricValue(String metric, double y, double d, double x) {

    MetricValue {
      Objects.requireNonNull(metric, "metric");
    }
  }

  /**
   * One metric event's contribution to a CUPED-capable metric, remembered for exposures that may follow.
   *
   * @param atMs the event's event time
   * @param metric the metric
   * @param value what the event adds to the metric's numerator (1 for a count or any, the property for a sum)
   */
  record PreEvent(long atMs, String metric, double value) {

    PreEvent {
      Objects.requireNonNull(metric, "metric");
    }
  }
}
