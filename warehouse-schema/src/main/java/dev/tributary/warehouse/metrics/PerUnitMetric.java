package dev.tributary.warehouse.metrics;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How an experiment computes a catalogue metric for one unit (an identity exposed to an experiment) from the
 * unit's events inside its attribution window: the metric's {@code per_unit} block in {@code metrics.yaml}.
 * A metric with this block is <em>experiment-capable</em>: experiments may name it as primary or guardrail
 * metric, and transform-streams keeps its per-variant sums. Parsed and checked by {@link PerUnitReader}.
 *
 * <ul>
 *   <li>{@link Kind#PROPORTION}: y = 1 when the unit sent {@code numerator.event} at least once, else 0
 *       ({@code aggregate: any}).
 *   <li>{@link Kind#MEAN}: y = the count of {@code numerator.event}, or the sum of its {@code property}.
 *   <li>{@link Kind#RATIO}: the unit contributes y (numerator) and d (denominator), each a count or a sum; the
 *       metric is Σy / Σd over the units of a variant (delta method).
 * </ul>
 *
 * <p>Immutable; thread-safe.
 *
 * @param kind how the per-unit values are distributed (decides the statistics)
 * @param numerator what y counts or sums
 * @param denominator what d counts or sums; present exactly for {@link Kind#RATIO}
 */
public record PerUnitMetric(Kind kind, Measure numerator, Optional<Measure> denominator) {

  public PerUnitMetric {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(numerator, "numerator");
    Objects.requireNonNull(denominator, "denominator");
    if ((kind == Kind.RATIO) != denominator.isPresent()) {
      throw new IllegalArgumentException("a ratio metric, and only a ratio metric, has a denominator");
    }
  }

  /** How the per-unit values are distributed; spelled in lower case in the catalogue and the warehouse. */
  public enum Kind {
    MEAN, PROPORTION, RATIO;

    /** The spelling in metrics.yaml and in {@code experiment_sums_v.metric_kind}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a unit's matching events make one number. */
  public enum Aggregate {
    /** 1 when there is at least one matching event, else 0. */
    ANY,
    /** The number of matching events. */
    COUNT,
    /** The sum of the matching events' numeric {@code property} (an event without a finite number adds 0). */
    SUM;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One number per unit from its events named {@code event}.
   *
   * @param event the event name (the clean event's {@code event})
   * @param aggregate how the matching events make the number
   * @param property the top-level key of {@code properties} that {@link Aggregate#SUM} adds up; present exactly
   *     for SUM
   */
  public record Measure(String event, Aggregate aggregate, Optional<String> property) {

    public Measure {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(aggregate, "aggregate");
      Objects.requireNonNull(property, "property");
      if ((aggregate == Aggregate.SUM) != property.isPresent()) {
        throw new IllegalArgumentException("a sum, and only a sum, names a property");
      }
    }

    /** A count of events named {@code event}. */
    public static Measure count(String event) {
      return new Measure(event, Aggregate.COUNT, Optional.empty());
    }

    /** The sum of {@code property} over events named {@code event}. */
    public static Measure sum(String event, String property) {
      return new Measure(event, Aggregate.SUM, Optional.of(property));
    }

    /** 1 when there is an event named {@code event}. */
    public static Measure any(String event) {
      return new Measure(event, Aggregate.ANY, Optional.empty());
    }
  }
}
