package dev.tributary.ingest.http;

import java.util.function.LongSupplier;

/**
 * A token bucket counting events: refills {@code ratePerSecond} tokens a second up to one second's
 * worth, and admits a request when the bucket holds a token per event. A batch bigger than the burst
 * goes through once the bucket is full, leaving it in debt, which then holds back what follows.
 *
 * <p>Thread-safe (synchronized; contention is per write key).
 */
public final class TokenBucket {

  /** The decision about one request. */
  public sealed interface Decision permits Admitted, Limited {}

  /** The request may proceed. */
  public record Admitted() implements Decision {}

  /** The request must wait; {@code retryAfterSeconds} is at least 1. */
  public record Limited(long retryAfterSeconds) implements Decision {}

  private static final Admitted ADMITTED = new Admitted();

  private final double ratePerSecond;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  /**
   * @param ratePerSecond positive refill rate, also the burst size
   * @param nanoTime monotonic clock in nanoseconds (injected for tests)
   */
  public TokenBucket(double ratePerSecond, LongSupplier nanoTime) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("ratePerSecond must be positive: " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
    this.nanoTime = nanoTime;
    this.tokens = ratePerSecond;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Takes {@code events} tokens if available (a full bucket for batches above the burst), else says how long to wait. */
  public synchronized Decision tryTake(int events) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(ratePerSecond, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
    refilledAt = now;
    double needed = Math.min(events, ratePerSecond);
    if (tokens < needed) {
      return new Limited(Math.max(1, (long) Math.ceil((needed - tokens) / ratePerSecond)));
    }
    tokens -= events;
    return ADMITTED;
  }
}
