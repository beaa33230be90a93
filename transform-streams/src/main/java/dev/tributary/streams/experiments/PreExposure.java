package dev.tributary.streams.experiments;

import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.streams.experiments.UnitState.PreEvent;
import dev.tributary.warehouse.metrics.PerUnitMetric;
import dev.tributary.warehouse.metrics.PerUnitMetric.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The CUPED covariate: a unit's value of a metric over the lookback before its first exposure, x, computed from
 * the unit's recent metric events kept in its state (see docs/EXPERIMENTS.md, "CUPED").
 *
 * <p><b>Why a buffer of contributions, not a running aggregate.</b> x depends on the exposure time, which differs
 * per experiment and is not known when the events arrive, so one running total per metric cannot give it; a ring
 * of per-day totals could, but only to a day's precision and at a fixed cost per unit whether or not it buys
 * anything. Metric events are sparse (a purchase, not a page view): a unit keeps one {@link PreEvent} (about 17
 * bytes in the store) per contribution to a CUPED-capable metric of the definitions in force, only while the
 * contribution can still fall in some exposure's lookback (event time > stream time − lookback − grace), and at
 * most {@code maxPreEvents} of them (the oldest go first). A unit with three purchases in the lookback and the
 * catalogue's two CUPED-capable purchase metrics keeps six: about 100 bytes; the cap bounds the heaviest units
 * (64 by default: about 1.1 KB). x is exact unless the cap dropped contributions; either way it is a
 * pre-exposure quantity, so the CUPED estimate stays unbiased (a poorer x only reduces less variance).
 *
 * <p>Immutable; thread-safe.
 */
final class PreExposure {

  private final ExperimentRules rules;

  PreExposure(ExperimentRules rules) {
    this.rules = rules;
  }

  /**
   * The non-ratio metrics (CUPED does not apply to ratio metrics) that some experiment of the definitions names:
   * the only ones whose contributions are kept. Empty with CUPED off.
   */
  Set<String> cupedMetrics(Optional<Definitions> definitions) {
    if (!rules.cupedOn() || definitions.isEmpty()) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (ExperimentDefinition d : definitions.get().experiments()) {
      for (String m : Attributor.metricsOf(d, rules.metrics().keySet())) {
        if (rules.metrics().get(m).kind() != Kind.RATIO) {
          names.add(m);
        }
      }
    }
    return Set.copyOf(names);
  }

  /**
   * At stream time {@code streamTime}, a contribution is kept and read only when its event time is after this:
   * it is forgotten once stream time reaches its time + lookback + grace.
   */
  long horizon(long streamTime) {
    return Expiry.minus(Expiry.minus(streamTime, rules.cupedLookback().toMillis()), rules.grace().toMillis());
  }

  /**
   * The unit's kept contributions after one of its events named {@code name} at {@code atMs}: the event's
   * contribution to each metric of {@code cupedMetrics} whose numerator it is (unless it is already behind the
   * horizon), without the contributions behind the horizon, and at most {@code maxPreEvents}, oldest first.
   */
  List<PreEvent> record(List<PreEvent> kept, String name, long atMs, ToDoubleFunction<String> property,
      Set<String> cupedMetrics, long streamTime) {
    long horizon = horizon(streamTime);
    List<PreEvent> out = new ArrayList<>(kept.size() + 2);
    for (PreEvent e : kept) {
      if (e.atMs() > horizon) {
        out.add(e);
      }
    }
    if (atMs > horizon) {
      for (String metric : cupedMetrics) {
        PerUnitMetric.Measure m = rules.metrics().get(metric).numerator();
        if (m.event().equals(name)) {
          double value = m.aggregate() == PerUnitMetric.Aggregate.SUM ? property.applyAsDouble(m.property().orElseThrow())
              : 1;
          int at = out.size();
          while (at > 0 && out.get(at - 1).atMs() > atMs) {
            at--; // oldest first; among equal times, in arrival order
          }
          out.add(at, new PreEvent(atMs, metric, value));
        }
      }
    }
    int excess = out.size() - rules.maxPreEvents();
    return excess > 0 ? List.copyOf(out.subList(excess, out.size())) : out;
  }

  /** The kept contributions that can still count at {@code streamTime}. */
  List<PreEvent> prune(List<PreEvent> kept, long streamTime) {
    long horizon = horizon(streamTime);
    return kept.stream().filter(e -> e.atMs() > horizon).toList();
  }

  /**
   * x: the unit's value of {@code metric} over [exposedAt − lookback, exposedAt) from its kept contributions (those
   * still on this side of the horizon); 0 with CUPED off and for a ratio metric.
   */
  double covariate(List<PreEvent> kept, String metric, long exposedAtMs, long streamTime) {
    PerUnitMetric m = rules.metrics().get(metric);
    if (!rules.cupedOn() || m == null || m.kind() == Kind.RATIO) {
      return 0;
    }
    long from = Math.max(Expiry.minus(exposedAtMs, rules.cupedLookback().toMillis()),
        Expiry.plus(horizon(streamTime), 1));
    double sum = 0;
    int count = 0;
    for (PreEvent e : kept) {
      if (e.metric().equals(metric) && e.atMs() >= from && e.atMs() < exposedAtMs) {
        sum += e.value();
        count++;
      }
    }
    return switch (m.numerator().aggregate()) {
      case ANY -> count > 0 ? 1 : 0;
      case COUNT -> count;
      case SUM -> sum;
    };
  }
}
