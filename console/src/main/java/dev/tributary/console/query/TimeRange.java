package dev.tributary.console.query;

/**
 * A half-open window {@code [from, to)} in epoch seconds, as the page asks for it.
 *
 * <p>Immutable; thread-safe.
 */
public record TimeRange(long fromSeconds, long toSeconds) {

  public TimeRange {
    if (toSeconds <= fromSeconds) {
      throw new IllegalArgumentException("empty window: from " + fromSeconds + " must be before to " + toSeconds);
    }
  }

  public SqlParam from() {
    return new SqlParam.Int(fromSeconds);
  }

  public SqlParam to() {
    return new SqlParam.Int(toSeconds);
  }
}
