package dev.tributary.ingest.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-write-key rate limit ({@code ingest.rate.limit.events.per.second}): one {@link TokenBucket}
 * per key, created on first use; a rate of 0 turns limiting off. Keys are configured, so the map is
 * bounded by the configured key count (unknown keys never get here).
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {

  private static final TokenBucket.Decision UNLIMITED = new TokenBucket.Admitted();

  private final double ratePerSecond;
  private final LongSupplier nanoTime;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double ratePerSecond, LongSupplier nanoTime) {
    if (ratePerSecond < 0) {
      throw new IllegalArgumentException("ratePerSecond must not be negative: " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
    this.nanoTime = nanoTime;
  }

  /** Decides whether {@code events} more events of {@code writeKey} may be accepted now. */
  public TokenBucket.Decision tryAcquire(String writeKey, int events) {
    if (ratePerSecond == 0) {
      return UNLIMITED;
    }
    return buckets.computeIfAbsent(writeKey, k -> new TokenBucket(ratePerSecond, nanoTime)).tryTake(events);
  }
}
