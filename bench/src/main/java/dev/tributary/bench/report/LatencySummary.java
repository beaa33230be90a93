package dev.tributary.bench.report;

import java.util.Arrays;

/**
 * Percentiles of a set of latency samples (milliseconds), by the nearest-rank method: the p-th
 * percentile is the smallest sample with at least p% of the samples at or below it. Exists so every
 * stage reports latencies the same way. Immutable value.
 */
public record LatencySummary(long count, double p50, double p95, double p99, double max) {

  public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Summarises the first {@code count} samples of {@code samples} (copied; the array is not changed). */
  public static LatencySummary of(double[] samples, int count) {
    if (count < 0 || count > samples.length) {
      throw new IllegalArgumentException("count " + count + " outside 0.." + samples.length);
    }
    if (count == 0) {
      return EMPTY;
    }
    double[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    return new LatencySummary(count, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[count - 1]);
  }

  public static LatencySummary of(double... samples) {
    return of(samples, samples.length);
  }

  /** Nearest rank: index ceil(p/100 * n) - 1 of the sorted samples. */
  static double rank(double[] sorted, double percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  public boolean isEmpty() {
    return count == 0;
  }
}
