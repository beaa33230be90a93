package dev.tributary.sink.kafka;

/**
 * Exponential backoff, doubling from {@code initialMs} up to {@code maxMs}, then staying there:
 * the sink never gives up on a retriable failure (giving up would mean skipping data), it only
 * slows down. Immutable.
 */
public record RetryBackoff(long initialMs, long maxMs) {

  public RetryBackoff {
    if (initialMs < 1 || maxMs < initialMs) {
      throw new IllegalArgumentException("need 1 <= initialMs <= maxMs, got " + initialMs + ", " + maxMs);
    }
  }

  /** Wait before attempt number {@code failures + 1}, after {@code failures} (>= 1) failed ones. */
  public long delayMs(int failures) {
    int shift = Math.max(0, Math.min(failures - 1, 30));
    long delay = initialMs << shift;
    return delay <= 0 || delay > maxMs ? maxMs : delay;
  }
}
