package dev.tributary.bench.report;

import java.util.Locale;

/** Number formatting of the result table, always {@link Locale#ROOT}. Stateless and thread-safe. */
public final class Fmt {

  private Fmt() {}

  /** E.g. {@code 52,310/s}; {@code n/a} for NaN. */
  public static String rate(double perSecond) {
    return Double.isNaN(perSecond) ? "n/a" : String.format(Locale.ROOT, "%,.0f/s", perSecond);
  }

  /** E.g. {@code 0.63x}; {@code n/a} when either side is missing or the reference is zero. */
  public static String ratio(double ours, double reference) {
    if (Double.isNaN(ours) || Double.isNaN(reference) || reference == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2fx", ours / reference);
  }

  /** Milliseconds with one decimal below 100 ms, none above: {@code 12.5 ms}, {@code 340 ms}. */
  public static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return "n/a";
    }
    return ms < 100 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%,.0f ms", ms);
  }

  /** p50/p95/p99 of a summary in one cell. */
  public static String percentiles(LatencySummary s) {
    if (s.isEmpty()) {
      return "n/a";
    }
    return "p50 " + millis(s.p50()) + ", p95 " + millis(s.p95()) + ", p99 " + millis(s.p99());
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  public static String mebibytes(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MiB", Math.round(kib / 1024.0));
  }
}
