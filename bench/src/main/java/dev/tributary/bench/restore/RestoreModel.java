package dev.tributary.bench.restore;

import dev.tributary.streams.topology.DedupeRetention;
import java.time.Duration;
import java.util.List;

/**
 * The arithmetic of {@code bin/bench --restore}: a straight line fitted to measured restarts (seconds
 * or CPU seconds against restored records: slope = cost per record, intercept = what a restart costs
 * without any restore), and the projection of a dedupe store's restore at a rate and window from
 * those costs and the measured bytes per id. Pure; thread-safe.
 */
public final class RestoreModel {

  /** {@code y = intercept + slope * x}, by least squares. */
  public record Line(double intercept, double slope) {

    /** The least-squares line through the points; needs two distinct x. */
    public static Line fit(double[] x, double[] y) {
      if (x.length != y.length || x.length < 2) {
        throw new IllegalArgumentException("need at least two points with x and y, got " + x.length + " and " + y.length);
      }
      double mx = mean(x);
      double my = mean(y);
      double sxx = 0;
      double sxy = 0;
      for (int i = 0; i < x.length; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
      }
      if (sxx == 0) {
        throw new IllegalArgumentException("need two different x to fit a line");
      }
      double slope = sxy / sxx;
      return new Line(my - slope * mx, slope);
    }

    public double at(double x) {
      return intercept + slope * x;
    }

    private static double mean(double[] v) {
      double s = 0;
      for (double d : v) {
        s += d;
      }
      return s / v.length;
    }
  }

  /** A rate and the dedupe retention it runs with; {@code label} names the settings. */
  public record Scenario(String label, double eventsPerSecond, DedupeRetention retention) {}

  /**
   * What a full restore of the dedupe store costs in {@code scenario}: the ids of one window, the ids
   * the changelog holds (all replayed), its bytes, the CPU and wall time of one instance replaying them,
   * and how many partitions it takes for one partition's restore to fit in {@code target}.
   */
  public record Projection(Scenario scenario, double windowIds, double changelogIds, double changelogBytes,
      double cpuSeconds, double wallSeconds, long partitionsForTarget) {}

  /** Scenarios of the issue: 50,000 and 1,000,000 events/s, with the default 24 h window and with 7 days. */
  public static List<Scenario> issueScenarios(Duration defaultExtra) {
    DedupeRetention day = new DedupeRetention(Duration.ofDays(1), defaultExtra);
    DedupeRetention week = new DedupeRetention(Duration.ofDays(7), Duration.ofDays(1));
    return List.of(
        new Scenario("24 h window (default)", 50_000, day),
        new Scenario("7 d window, Kafka's 1 d extra (before)", 50_000, week),
        new Scenario("24 h window (default)", 1_000_000, day),
        new Scenario("7 d window, Kafka's 1 d extra (before)", 1_000_000, week));
  }

  private RestoreModel() {}

  /**
   * @param bytesPerId changelog bytes per dedupe id, measured
   * @param cpuPerRecord CPU seconds per restored record (slope of the fit)
   * @param wallPerRecord wall seconds per restored record on one instance (slope of the fit)
   * @param target how long one partition's restore may take
   */
  public static Projection project(Scenario scenario, double bytesPerId, double cpuPerRecord, double wallPerRecord,
      Duration target) {
    double ids = scenario.retention().changelogIds(scenario.eventsPerSecond());
    double wall = ids * wallPerRecord;
    // less a hair, so that a restore of exactly n targets needs n partitions, not n + 1 by rounding
    long partitions = (long) Math.max(1, Math.ceil(wall / (target.toMillis() / 1000.0) - 1e-9));
    return new Projection(scenario, scenario.retention().windowIds(scenario.eventsPerSecond()), ids, ids * bytesPerId,
        ids * cpuPerRecord, wall, partitions);
  }
}
