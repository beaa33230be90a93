package dev.tributary.streams.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Events/s and output rows per event of {@link MinuteMetrics} alone in a TopologyTestDriver (one
 * task, RocksDB stores, Avro in and out), with the bench's shape: seven event names, one source,
 * 50,000 users, 2,000 events per second of event time, 1% of events up to 30 s late. Compare the
 * rows per event with the former DSL aggregate, which emitted one row per event. The events/s
 * include the driver's commit (a store flush) after every record and Avro through an in-memory
 * registry, so they are far below a real task's and only comparable between runs of this class.
 * Asserts nothing.
 *
 * <p>Run as a plain main class (arguments: events, provisional interval ms) with the test classpath.
 */
public final class MinuteMetricsBenchmark {

  private static final String[] EVENTS = {"page_viewed", "product_viewed", "search", "add_to_cart",
      "checkout_started", "purchase", "signup"};

  private MinuteMetricsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    long intervalMs = args.length > 1 ? Long.parseLong(args[1]) : 10_000L;
    Path dir = Files.createTempDirectory("minute-metrics-bench");
    Random random = new Random(7);
    Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
    try (MetricsDriver driver = new MetricsDriver(dir, Duration.ofMinutes(2), Duration.ofMillis(intervalMs))) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long at = i / 2 + (random.nextInt(100) == 0 ? -random.nextInt(30_000) : 0);
        driver.send(EVENTS[random.nextInt(EVENTS.length)], "web", "user-" + random.nextInt(50_000),
            t0.plusMillis(at), 1.0);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long rows = driver.metrics.getQueueSize();
      System.out.printf(java.util.Locale.ROOT, "%d events in %.1f s: %.0f events/s; %d metric rows (%.4f per event)%n",
          n, seconds, n / seconds, rows, (double) rows / n);
    } finally {
      org.apache.kafka.common.utils.Utils.delete(dir.toFile());
    }
  }
}
