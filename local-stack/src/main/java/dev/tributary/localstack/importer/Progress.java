package dev.tributary.localstack.importer;

import java.util.Locale;

/**
 * A snapshot of an import for the progress line: lines done (including those a checkpoint skipped)
 * out of the file's lines, and this run's event rate and remaining time.
 *
 * <p>Immutable and thread-safe.
 */
public record Progress(long linesDone, long totalLines, long linesThisRun, long eventsThisRun, long elapsedNanos) {

  /** E.g. {@code lines 1200/500000 (0.2%)  850 events/s  ETA 9m48s}. */
  public String line() {
    double seconds = elapsedNanos / 1e9;
    double eventsPerSecond = seconds > 0 ? eventsThisRun / seconds : 0;
    double linesPerSecond = seconds > 0 ? linesThisRun / seconds : 0;
    double percent = totalLines == 0 ? 100 : 100.0 * linesDone / totalLines;
    String eta = linesPerSecond > 0 ? duration((long) ((totalLines - linesDone) / linesPerSecond)) : "?";
    return String.format(Locale.ROOT, "lines %d/%d (%.1f%%)  %.0f events/s  ETA %s", linesDone, totalLines, percent,
        eventsPerSecond, eta);
  }

  static String duration(long seconds) {
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return seconds + "s";
  }
}
