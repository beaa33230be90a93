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
 * Random event sets (several units and two experiments; repeated, conflicting and unknown exposures; purchases
 * before, inside and after the attribution window, out of event-time order; reports at random points) through
 * {@link ExperimentTopology}: the sum of every report per cell equals the cell's totals recomputed offline from
 * the events, unit by unit, by the rules as docs/EXPERIMENTS.md states them.
 */
class ExperimentSumsPropertyTest {

  private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
  private static final long WINDOW = ExperimentsDriver.WINDOW.toMillis();
  private static final String DEFINITIONS = ExperimentsDriver.DEFINITIONS + """
        - key: search-ranking
          status: running
          coverage: 1
          variants: [{id: a, weight: 0.3}, {id: b, weight: 0.3}, {id: c, weight: 0.4}]
          start: 2024-05-01T00:00:00Z
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
    Path dir = tempDir();
    // one driver for every try (a driver costs about a second): each try has its own experiments and units
    try (ExperimentsDriver driver = new ExperimentsDriver(dir, null)) {
      PropertyTrials.check(40, 0x5e_0001L, t -> {
        String suffix = "-" + t.number();
        driver.definitions(DEFINITIONS.replace("key: checkout-button", "key: checkout-button" + suffix)
            .replace("key: search-ranking", "key: search-ranking" + suffix));
        List<Sent> events = events(t);
        Map<String, Totals> expected = recompute(events, suffix);
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
      });
    } finally {
      delete(dir);
    }
    assertThat(withExclusions.get()).as("tries with excluded units").isGreaterThan(8);
  }

  private static List<Sent> events(Trial t) {
    int size = t.intBetween(5, 80);
    List<Sent> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String unit = t.oneOf("u1", "u2", "u3", "u4", "u5", "u6");
      // on a coarse grid (days, sometimes an hour in), so that events land exactly on exposures and window ends
      long at = T0.toEpochMilli() + t.longBetween(0, 16) * 86_400_000L + (t.chance(0.3) ? 3_600_000L : 0);
      int kind = t.intBetween(0, 9);
      if (kind < 3) {
        String experiment = t.oneOf("checkout-button", "search-ranking");
        String variation = t.chance(0.05) ? "purple" : t.oneOf(VARIATIONS.get(experiment).toArray(String[]::new));
        // exposures early, so that many purchases fall on or after their window's end (14 days on)
        long exposedAt = T0.toEpochMilli() + t.longBetween(0, 3) * 86_400_000L;
        out.add(new Sent(unit, "Experiment Viewed", t.chance(0.05) ? "nope" : experiment, variation, 0, exposedAt));
      } else if (kind < 7) {
        out.add(new Sent(unit, "purchase", null, null, t.intBetween(0, 10_000) / 100.0, at));
      } else {
        out.add(new Sent(unit, "page_viewed", null, null, 0, at));
      }
    }
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
   * The totals by the rules, unit by unit: a unit's first valid exposure to an experiment attributes it; any
   * later valid exposure to another variation excludes it (it counts in the exposure cell as excluded and
   * nowhere else); otherwise its purchases read after the first exposure, at or after it in event time and
   * before the window's end, make its values.
   */
  private static Map<String, Totals> recompute(List<Sent> events, String suffix) {
    Map<String, Totals> out = new TreeMap<>();
    TreeSet<String> units = new TreeSet<>();
    events.forEach(s -> units.add(s.unit()));
    for (String unit : units) {
      List<Sent> mine = events.stream().filter(s -> s.unit().equals(unit)).toList();
      for (String experiment : VARIATIONS.keySet()) {
        int first = -1;
        boolean excluded = false;
        for (int i = 0; i < mine.size(); i++) {
          Sent s = mine.get(i);
          boolean valid = experiment.equals(s.experiment()) && VARIATIONS.get(experiment).contains(s.variation());
          if (valid && first < 0) {
            first = i;
          } else if (valid && !s.variation().equals(mine.get(first).variation())) {
            excluded = true;
          }
        }
        if (first < 0) {
          continue;
        }
        Sent exposure = mine.get(first);
        String variation = exposure.variation();
        out.merge(Totals.key(experiment + suffix, 1, variation, ""), Totals.exposure(exposure.at(), excluded),
            Totals::plus);
        if (excluded) {
          continue;
        }
        double revenue = 0;
        int purchases = 0;
        for (Sent s : mine.subList(first + 1, mine.size())) {
          if (s.event().equals("purchase") && s.at() >= exposure.at() && s.at() < exposure.at() + WINDOW) {
            revenue += s.revenue();
            purchases++;
          }
        }
        for (String metric : METRICS.get(experiment)) {
          Totals unitTotals = switch (metric) {
            case "purchase_conversion_rate" -> Totals.unit(purchases > 0 ? 1 : 0, 0);
            case "revenue_per_active_user" -> Totals.unit(revenue, 0);
            case "average_order_value" -> Totals.unit(revenue, purchases);
            default -> throw new IllegalStateException(metric);
          };
          out.merge(Totals.key(experiment + suffix, 1, variation, metric), unitTotals, Totals::plus);
        }
      }
    }
    return out;
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
