package dev.tributary.bench.stage;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Measures how fast a counter (rows in a table, a group's committed offsets) climbs to a target:
 * polls it, takes the first observation above its start value as the clock start (so process
 * start-up and group joins are not counted), and the first observation at or above the target as
 * the end. Rate = (target − first value) / (end − first time). Stateless and thread-safe.
 */
final class Poll {

  /** A completed climb; {@code rate} is NaN when the counter jumped to the target in one poll. */
  record Climb(long first, long last, double seconds, double rate, boolean reached) {}

  private Poll() {}

  static Climb climb(LongSupplier counter, long target, Duration interval, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long base = counter.getAsLong();
    long firstValue = -1;
    long firstAt = 0;
    long value = base;
    while (System.nanoTime() < deadline) {
      long at = System.nanoTime();
      value = counter.getAsLong();
      if (firstValue < 0 && value > base) {
        firstValue = value;
        firstAt = at;
      }
      if (value >= target) {
        double seconds = (at - firstAt) / 1e9;
        double rate = seconds > 0 ? (target - firstValue) / seconds : Double.NaN;
        return new Climb(firstValue, value, seconds, rate, true);
      }
      sleep(interval);
    }
    return new Climb(firstValue, value, Double.NaN, Double.NaN, false);
  }

  /**
   * Polls until the counter reaches {@code target}; returns the seconds from {@code startNanos}
   * to the first poll that saw it, NaN on timeout.
   */
  static double until(LongSupplier counter, long target, long startNanos, Duration interval, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long at = System.nanoTime();
      if (counter.getAsLong() >= target) {
        return (at - startNanos) / 1e9;
      }
      sleep(interval);
    }
    return Double.NaN;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
