package dev.tributary.localstack.importer;

/**
 * Spaces batches so that on average no more than {@code eventsPerSecond} are sent: each batch
 * reserves {@code size / rate} seconds after the previous reservation. Time that passed unused is not
 * saved up, so a pause (a retry, a slow answer) is not followed by a burst. A rate of 0 means no limit.
 *
 * <p>Not thread-safe: one import thread.
 */
public final class Pacer {

  private final double eventsPerSecond;
  private long nextNanos;
  private boolean started;

  public Pacer(double eventsPerSecond) {
    this.eventsPerSecond = eventsPerSecond;
  }

  /** How long to wait (ns) at {@code nowNanos} before sending {@code events}; reserves their slot. */
  public long delayNanos(int events, long nowNanos) {
    if (eventsPerSecond <= 0) {
      return 0;
    }
    if (!started || nextNanos - nowNanos < 0) {
      nextNanos = nowNanos;
      started = true;
    }
    long wait = nextNanos - nowNanos;
    nextNanos += (long) (events * 1_000_000_000d / eventsPerSecond);
    return wait;
  }
}
