package dev.tributary.experiments.stats;

/**
 * A two-sided interval for an effect. Immutable.
 *
 * @param lower lower bound
 * @param upper upper bound, not below {@code lower}
 */
public record Interval(double lower, double upper) {

  public Interval {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("interval lower " + lower + " must not exceed upper " + upper);
    }
  }

  static Interval around(double centre, double halfWidth) {
    return new Interval(centre - halfWidth, centre + halfWidth);
  }

  /** True when zero lies outside the interval: the effect is significant at its level. */
  public boolean excludesZero() {
    return lower > 0 || upper < 0;
  }
}
