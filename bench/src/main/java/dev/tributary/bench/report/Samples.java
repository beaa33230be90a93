package dev.tributary.bench.report;

import java.util.Arrays;

/**
 * A growable array of latency samples in milliseconds, one per load-generator thread, merged at the
 * end of a phase. Avoids boxing millions of samples. Not thread-safe: one owner thread, merged after
 * the owners stopped.
 */
public final class Samples {

  private double[] values = new double[1024];
  private int size;

  public void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  /** All samples of {@code parts} in one summary. */
  public static LatencySummary summarise(Iterable<Samples> parts) {
    int total = 0;
    for (Samples s : parts) {
      total += s.size;
    }
    double[] all = new double[total];
    int at = 0;
    for (Samples s : parts) {
      System.arraycopy(s.values, 0, all, at, s.size);
      at += s.size;
    }
    return LatencySummary.of(all, total);
  }
}
