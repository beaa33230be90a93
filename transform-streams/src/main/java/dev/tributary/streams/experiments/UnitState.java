package dev.tributary.streams.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the attribution remembers about one unit (an identity): per experiment, the unit's attribution in its
 * latest phase. Kept in {@link ExperimentTopology#UNITS_STORE} under the unit's identity.
 *
 * <p>Immutable; thread-safe.
 *
 * @param attributions by experiment key
 */
record UnitState(Map<String, Attribution> attributions) {

  static final UnitState EMPTY = new UnitState(Map.of());

  UnitState {
    attributions = Map.copyOf(attributions);
  }

  Optional<Attribution> attribution(String experimentKey) {
    return Optional.ofNullable(attributions.get(experimentKey));
  }

  UnitState with(String experimentKey, Attribution attribution) {
    Map<String, Attribution> copy = new LinkedHashMap<>(attributions);
    copy.put(experimentKey, attribution);
    return new UnitState(copy);
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
   * One unit's value of one metric: y, and d for a ratio metric (0 otherwise).
   */
  record MetricValue(String metric, double y, double d) {

    MetricValue {
      Objects.requireNonNull(metric, "metric");
    }
  }
}
