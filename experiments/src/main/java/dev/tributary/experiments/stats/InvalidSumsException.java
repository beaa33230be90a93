package dev.tributary.experiments.stats;

/**
 * Sums no real data can produce (a negative variance, a conversion count above n, a correlation
 * beyond ±1) or a setting outside its domain. Names the offending field in the calculator's
 * vocabulary (for example {@code control.sum_squares}) so a caller can report it as is.
 */
public final class InvalidSumsException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidSumsException(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
  }

  /** The offending field, e.g. {@code treatment.n}. */
  public String field() {
    return field;
  }
}
