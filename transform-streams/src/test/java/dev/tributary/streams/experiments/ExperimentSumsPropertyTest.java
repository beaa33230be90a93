package dev.tributary.streams.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.propertytrials.PropertyTrials;
import dev.tributary.propertytrials.PropertyTrials.Trial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Random event sets (several units and two experiments, one of them stopped; repeated, conflicting, unknown and
 * too-late exposures; purchases before (the CUPED lookback), inside and after the attribution window, out of
 * event-time order, some of them read later than the grace allows; reports and expiry scans at random points)
 * through {@link ExperimentTopology}: the sum of every report per cell equals the cell's totals recomputed offline
 * from the events, unit by unit, by the rules as docs/EXPERIMENTS.md states them. The scans run at every report,
 * so this also shows that expiry changes no result.
 */
class ExperimentSumsPropertyTest {

  private static final long DAY = 86_400_000L;
  private static final long WINDOW = ExperimentsDriver.WINDOW.toMillis();
  private static final long LOOKBACK = 7 * DAY;
  private static final long GRACE = 2 * DAY;
  /** search-ranking stops on day 6 of each try: its exposures read from day 8 (stop + grace) on are refused. */
  private static final long STOP_DAY = 6;
  private static final String DEFINITIONS = ExperimentsDriver.DEFINITIONS + """
        - key: search-ranking
          status: stopped
          coverage: 1
          variants: [{id: a, weight: 0.3}, {id: b, weight: 0.3}, {id: c, weight: 0.4}]
          start: 2024-05-01T00:00:00Z
          stop: STOP
          hypothesis: better ranking sells more
          primary_metric: purchase_conversion_rate
      """;
  private static final Map<String, List<String>> VARIATIONS = Map.of(
      "checkout-button", List.of("control", "green"), "search-ranking", List.of("a", "b", "c"));
  private static final Map<String, List<String>> METRICS = Map.of(
      "checkout-button", List.of("purchase_conversion_rate", "revenue_per_active_user", "average_order_value"),
      "search-ranking", List.of("purchase_conversion_rate"));

  /** One clean event in arrival order; for an exposure, {@code experiment} and {@code variation}. */
  record Sent(String unit, String event, String experiment, String variation, double revenue, long at) {}

  @Test
  void shouldSumReportsToTheOfflineRecomputation() {
    AtomicInteger withExclusions = new AtomicInteger();
    AtomicInteger withCovariate = new AtomicInteger();
    AtomicInteger withRefusals = new AtomicInteger();
    Path dir = tempDir();
    // one driver for every try (a driver costs about a second): each try has its own experiments, units and
    // days (60 days after the previous try's, so that the stream time starts afresh)
    try (ExperimentsDriver driver = new ExperimentsDriver(dir, null, java.time.Duration.ofMillis(LOOKBACK),
        java.time.Duration.ofMillis(GRACE), 1000, ExperimentRules.DEFAULT_REPORT_INTERVAL)) {
      PropertyTrials.check(40, 0x5e_0001L, t -> {
        String suffix = "-" + t.number();
        long base = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli() + t.number() * 60 * DAY;
        driver.definitions(DEFINITIONS.replace("key: checkout-button", "key: checkout-button" + suffix)
            .replace("key: search-ranking", "key: search-ranking" + suffix)
            .replace("STOP", Instant.ofEpochMilli(base + STOP_DAY * DAY).toString()));
        List<Sent> events = events(t, base);
        Map<String, Totals> expected = recompute(events, suffix, base);
        Map<String, Totals> actual = run(t, driver, events, suffix);
        TreeSet<String> cells = new TreeSet<>(expected.keySet());
        cells.addAll(actual.keySet());
        for (String cell : cells) {
          Totals a = actual.getOrDefault(cell, Totals.ZERO);
          Totals e = expected.getOrDefault(cell, Totals.ZERO);
          assertThat(a.closeTo(e)).as("%s: cell %s: reported %s, recomputed %s", t, cell, a, e).isTrue();
        }
        if (expected.values().stream().anyMatch(x -> x.excluded() > 0)) {
          withExclusions.incrementAndGet();
        }
        if (expected.values().stream().anyMatch(x -> x.preSumProducts() > 0)) {
          withCovariate.incrementAndGet();
        }
        if (refusedLate(events, base) > 0) {
          withRefusals.incrementAndGet();
        }
      });
    } finally {
      delete(dir);
    }
    assertThat(withExclusions.get()).as("tries with excluded units").isGreaterThan(8);
    assertThat(withCovariate.get()).as("tries where x and y are both non-zero for some unit").isGreaterThan(15);
    assertThat(withRefusals.get()).as("tries with exposures refused after the stop").isGreaterThan(8);
  }

  private static List<Sent> events(Trial t, long base) {
    int size = t.intBetween(5, 80);
    List<Sent> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String unit = t.oneOf("u1", "u2", "u3", "u4", "u5", "u6");
      // on a coarse grid (days, sometimes an hour in), so that events land exactly on exposures, window ends,
      // lookback starts and horizons
      long at = base + t.longBetween(0, 24) * DAY + (t.chance(0.3) ? 3_600_000L : 0);
      int kind = t.intBetween(0, 9);
      if (kind < 3) {
        String experiment = t.oneOf("checkout-button", "search-ranking");
        String variation = t.chance(0.05) ? "purple" : t.oneOf(VARIATIONS.get(experiment).toArray(String[]::new));
        // exposures a week in, after some purchases (the lookback) and before many (the window, 14 days on)
        long exposedAt = base + t.longBetween(5, 10) * DAY;
        out.add(new Sent(unit, "Experiment Viewed", t.chance(0.05) ? "nope" : experiment, variation, 0, exposedAt));
      } else if (kind < 7) {
        out.add(new Sent(unit, "purchase", null, null, t.intBetween(0, 10_000) / 100.0, at));
      } else {
        out.add(new Sent(unit, "page_viewed", null, null, 0, at));
      }
    }
    // read roughly in event-time order, as a stream is: each event up to 3 days out of place, about the grace
    Map<Sent, Long> place = new java.util.IdentityHashMap<>();
    out.forEach(e -> place.put(e, e.at() + t.longBetween(0, 3) * DAY));
    out.sort(java.util.Comparator.comparing(place::get));
    return out;
  }

  private static Map<String, Totals> run(Trial t, ExperimentsDriver driver, List<Sent> events, String suffix) {
    for (Sent s : events) {
      Instant at = Instant.ofEpochMilli(s.at());
      String unit = s.unit() + suffix;
      if (s.experiment() != null) {
        driver.expose(unit, s.experiment().equals("nope") ? "nope" : s.experiment() + suffix, s.variation(), at);
      } else if (s.event().equals("purchase")) {
        driver.purchase(unit, s.revenue(), at);
      } else {
        driver.send(unit, s.event(), "{}", at);
      }
      if (t.chance(0.1)) {
        driver.report();
      }
    }
    driver.report();
    return Totals.of(driver.sums.readValuesToList());
  }

  /**
   * The totals by the rules, unit by unit, with S the stream time (the largest event time read so far, the event's
   * own included): an exposure is valid when its experiment and variation are known and, for the stopped
   * experiment, S is before stop + grace. A unit's first valid exposure to an experiment attributes it; any later
   * valid exposure to another variation excludes it (it counts in the exposure cell as excluded and nowhere else);
   * otherwise its purchases read after the first exposure, at or after it in event time, before the window's end
   * and while S is before exposure + window + grace, make its values. x is its value over the purchases read
   * before the exposure with event times in [exposure - lookback, exposure), each after S - lookback - grace (the
   * horizon) both when it was read and when the exposure was read; none for the ratio metric.
   */
  private static Map<String, Totals> recompute(List<Sent> events, String suffix, long base) {
    long[] streamTime = new long[events.size()];
    long max = Long.MIN_VALUE;
    for (int i = 0; i < events.size(); i++) {
      max = Math.max(max, events.get(i).at());
      streamTime[i] = max;
    }
    Map<String, Totals> out = new TreeMap<>();
    TreeSet<String> units = new TreeSet<>();
    events.forEach(s -> units.add(s.unit()));
    for (String unit : units) {
      List<Integer> mine = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i).unit().equals(unit)) {
          mine.add(i);
        }
      }
      for (String experiment : VARIATIONS.keySet()) {
        int first = -1;
        boolean excluded = false;
        for (int i : mine) {
          Sent s = events.get(i);
          boolean valid = experiment.equals(s.experiment()) && VARIATIONS.get(experiment).contains(s.variation())
              && !(experiment.equals("search-ranking") && streamTime[i] >= base + STOP_DAY * DAY + GRACE);
          if (valid && first < 0) {
            first = i;
          } else if (valid && !s.variation().equals(events.get(first).variation())) {
            excluded = true;
          }
        }
        if (first < 0) {
          continue;
        }
        Sent exposure = events.get(first);
        long exposedAt = exposure.at();
        String variation = exposure.variation();
        out.merge(Totals.key(experiment + suffix, 1, variation, ""), Totals.exposure(exposedAt, excluded),
            Totals::plus);
        if (excluded) {
          continue;
        }
        double revenue = 0;
        int purchases = 0;
        double preRevenue = 0;
        int prePurchases = 0;
        for (int i : mine) {
          Sent s = events.get(i);
          if (!s.event().equals("purchase")) {
            continue;
          }
          if (i > first && s.at() >= exposedAt && s.at() < exposedAt + WINDOW
              && streamTime[i] < exposedAt + WINDOW + GRACE) {
            revenue += s.revenue();
            purchases++;
          }
          if (i < first && s.at() >= exposedAt - LOOKBACK && s.at() < exposedAt
              && s.at() > streamTime[i] - LOOKBACK - GRACE && s.at() > streamTime[first] - LOOKBACK - GRACE) {
            preRevenue += s.revenue();
            prePurchases++;
          }
        }
        for (String metric : METRICS.get(experiment)) {
          Totals unitTotals = switch (metric) {
            case "purchase_conversion_rate" -> Totals.unit(purchases > 0 ? 1 : 0, 0, prePurchases > 0 ? 1 : 0);
            case "revenue_per_active_user" -> Totals.unit(revenue, 0, preRevenue);
            case "average_order_value" -> Totals.unit(revenue, purchases, 0);
            default -> throw new IllegalStateException(metric);
          };
          out.merge(Totals.key(experiment + suffix, 1, variation, metric), unitTotals, Totals::plus);
        }
      }
    }
    return out;
  }

  /** Exposures of the stopped experiment read after its stop + grace. */
  private static long refusedLate(List<Sent> events, long base) {
    long max = Long.MIN_VALUE;
    long refused = 0;
    for (Sent s : events) {
      max = Math.max(max, s.at());
      if ("search-ranking".equals(s.experiment()) && max >= base + STOP_DAY * DAY + GRACE) {
        refused++;
      }
    }
    return refused;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("experiment-sums-property");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try {
      org.apache.kafka.common.utils.Utils.delete(dir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
