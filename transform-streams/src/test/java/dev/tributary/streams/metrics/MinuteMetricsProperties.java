package dev.tributary.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.streams.KeyValue;

/**
 * Random event sets (duplicates, out-of-order, late within grace and too late, several sources and
 * users) through {@link MinuteMetrics}: the final rows and the too-late events equal what the test
 * recomputes from the input on its own, and nothing for a minute is emitted after its final row.
 */
class MinuteMetricsProperties {

  private static final Duration GRACE = Duration.ofMinutes(2);
  private static final long MINUTE = 60_000L;
  private static final long STEP_MS = 5_000L;
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  /** One clean event in arrival order: its names, identity, event time and revenue. */
  record Sent(String event, String source, String user, long eventTime, double revenue) {
    String key() {
      return MinuteMetrics.metricKey(new EventSource(event, source), minute());
    }

    long minute() {
      return Math.floorDiv(eventTime, MINUTE) * MINUTE;
    }
  }

  /** What the test expects of one minute, event name and source. */
  record Expected(long count, double revenue, TreeSet<Long> users) {
    static Expected empty() {
      return new Expected(0, 0.0, new TreeSet<>(Long::compareUnsigned));
    }

    Expected plus(Sent s) {
      TreeSet<Long> u = new TreeSet<>(users);
      u.add(IdentityHash.of(s.user()));
      return new Expected(count + 1, revenue + s.revenue(), u);
    }
  }

  @Property(tries = 40)
  void shouldFinaliseExactlyWhatARecomputationFromTheInputGives(@ForAll("arrivals") List<Sent> arrivals,
      @ForAll("intervals") long intervalMs) {
    Map<String, Expected> finals = new HashMap<>();
    Map<String, Expected> open = new HashMap<>();
    Map<String, Long> tooLate = new HashMap<>();
    long streamTime = Long.MIN_VALUE;
    for (Sent s : arrivals) {
      boolean closed = streamTime != Long.MIN_VALUE && s.minute() + MINUTE + GRACE.toMillis() <= streamTime;
      if (closed) {
        tooLate.merge(s.key(), 1L, Long::sum);
      } else {
        open.merge(s.key(), Expected.empty().plus(s), (a, b) -> a.plus(s));
      }
      streamTime = Math.max(streamTime, s.eventTime());
    }
    Statistics.label("too-late events").collect(tooLate.isEmpty() ? "none" : "some");
    for (Sent s : arrivals) {
      if (s.minute() + MINUTE + GRACE.toMillis() <= streamTime && open.containsKey(s.key())) {
        finals.put(s.key(), open.get(s.key()));
      }
    }

    List<KeyValue<String, MinuteMetric>> rows;
    List<KeyValue<String, TooLateEvent>> late;
    Path dir = tempDir();
    try (MetricsDriver driver = new MetricsDriver(dir, GRACE, Duration.ofMillis(intervalMs))) {
      for (int i = 0; i < arrivals.size(); i++) {
        Sent s = arrivals.get(i);
        driver.send(s.event(), s.source(), s.user(), Instant.ofEpochMilli(s.eventTime()), s.revenue());
        if (i % 7 == 3) {
          driver.advanceWallClock(Duration.ofMillis(intervalMs)); // a provisional flush now and then
        }
      }
      rows = driver.metrics.readKeyValuesToList();
      late = driver.tooLate.readKeyValuesToList();
    } finally {
      delete(dir);
    }

    Map<String, MinuteMetric> finalRows = new HashMap<>();
    Map<String, Long> lastVersion = new HashMap<>();
    for (KeyValue<String, MinuteMetric> row : rows) {
      assertThat(finalRows).as("a row of %s after its final row", row.key).doesNotContainKey(row.key);
      long version = row.value.getUpdatedAt().toEpochMilli();
      boolean isFinal = "final".equals(row.value.getStatus());
      long previous = lastVersion.getOrDefault(row.key, Long.MIN_VALUE);
      // provisional versions may repeat (a wall-clock flush at unchanged stream time); a final one is strictly highest
      assertThat(version).as("version of %s", row.key).isGreaterThanOrEqualTo(previous);
      if (isFinal) {
        assertThat(version).as("final version of %s", row.key).isGreaterThan(previous);
      }
      lastVersion.put(row.key, version);
      if (isFinal) {
        finalRows.put(row.key, row.value);
      }
    }
    assertThat(finalRows.keySet()).containsExactlyInAnyOrderElementsOf(finals.keySet());
    finals.forEach((key, expected) -> {
      MinuteMetric m = finalRows.get(key);
      assertThat(m.getCount()).as("count of %s", key).isEqualTo(expected.count());
      assertThat(m.getRevenue()).as("revenue of %s", key).isEqualTo(expected.revenue());
      assertThat(m.getDistinctUsers()).as("distinct users of %s", key).isEqualTo(expected.users().size());
      assertThat(m.getUserHashes()).as("users of %s", key).containsExactlyElementsOf(expected.users());
    });
    Map<String, Long> lateCounted = new HashMap<>();
    late.forEach(kv -> lateCounted.merge(kv.key, 1L, Long::sum));
    assertThat(lateCounted).isEqualTo(tooLate);
  }

  @Provide
  Arbitrary<Long> intervals() {
    return Arbitraries.of(1L, 1_000L, 10_000L, 45_000L);
  }

  /**
   * Events over 6 minutes (in steps of 5 s, so that stream time often lands exactly on a minute's
   * end plus grace), each arriving up to 6 minutes (three times the grace) after its event time, so
   * the arrival order mixes in-order, late and too-late events; some are sent twice.
   */
  @Provide
  Arbitrary<List<Sent>> arrivals() {
    Arbitrary<Sent> sent = Combinators.combine(
        Arbitraries.of("view", "buy"), Arbitraries.of("web", "ios"), Arbitraries.of("u1", "u2", "u3", "u4", "u5"),
        Arbitraries.longs().between(0, 6 * 12).map(steps -> steps * STEP_MS), Arbitraries.integers().between(0, 3))
        .as((event, source, user, offset, revenue) ->
            new Sent(event, source, user, T0.toEpochMilli() + offset, revenue));
    Arbitrary<Long> delays = Arbitraries.longs().between(0, 6 * 12).map(steps -> steps * STEP_MS);
    return Combinators.combine(sent.list().ofMinSize(10).ofMaxSize(60), delays.list().ofSize(60),
            Arbitraries.integers().between(0, 5).list().ofSize(60))
        .as((events, delay, copies) -> {
          List<KeyValue<Long, Sent>> arriving = new ArrayList<>();
          for (int i = 0; i < events.size(); i++) {
            Sent s = events.get(i);
            arriving.add(KeyValue.pair(s.eventTime() + delay.get(i), s));
            if (copies.get(i) == 0) {
              arriving.add(KeyValue.pair(s.eventTime() + delay.get(i) + 1, s));
            }
          }
          return arriving.stream().sorted(Comparator.comparing((KeyValue<Long, Sent> kv) -> kv.key))
              .map(kv -> kv.value).toList();
        });
  }

  private static void delete(Path dir) {
    try {
      org.apache.kafka.common.utils.Utils.delete(dir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("minute-metrics-property");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
