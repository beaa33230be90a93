package dev.tributary.bench.limit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final summary line of Kafka's {@code ProducerPerformance}, e.g. {@code 1000000 records sent,
 * 251130.6 records/sec (50.23 MB/sec), 305.12 ms avg latency, 812.00 ms max latency, 290 ms 50th,
 * 610 ms 95th, 700 ms 99th, 790 ms 99.9th.} Its progress lines (every 5 s) have no percentiles, so
 * the last line with percentiles is the total. Immutable value; parsing is pure.
 */
public record ProducerPerfSummary(long records, double recordsPerSecond, double megabytesPerSecond,
    double avgLatencyMs, double maxLatencyMs, double p50Ms, double p95Ms, double p99Ms) {

  private static final Pattern SUMMARY = Pattern.compile(
      "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency,"
          + " ([\\d.]+) ms max latency, ([\\d.]+) ms 50th, ([\\d.]+) ms 95th, ([\\d.]+) ms 99th");

  /** The summary among {@code output}'s lines (the last that has percentiles), if any. */
  public static Optional<ProducerPerfSummary> parse(String output) {
    ProducerPerfSummary last = null;
    for (String line : output.split("\\R")) {
      Matcher m = SUMMARY.matcher(line);
      if (m.find()) {
        last = new ProducerPerfSummary(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
            Double.parseDouble(m.group(6)), Double.parseDouble(m.group(7)), Double.parseDouble(m.group(8)));
      }
    }
    return Optional.ofNullable(last);
  }
}
