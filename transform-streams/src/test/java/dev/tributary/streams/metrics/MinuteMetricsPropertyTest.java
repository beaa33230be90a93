package dev.tributary.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
import dev.tributary.testsupport.PropertyTrials;
import dev.tributary.testsupport.PropertyTrials.Trial;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Random event sets (duplicates, out-of-order, late within grace and too late, several sources and
 * users) through {@link MinuteMetrics}: the final rows and the too-late events equal what the test
 * recomputes from the input on its own, and nothing for a minute is emitted after its final row.
 */
class MinuteMetricsPropertyTest {

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

  @Test
  void shouldFinaliseExactlyWhatARecomputationFromTheInputGives() {
    AtomicInteger withTooLate = new AtomicInteger();
    PropertyTrials.check(40, 0x4d4d_0001L, t -> {
      List<Sent> arrivals = arrivals(t);
      long intervalMs = t.oneOf(1L, 1_000L, 10_000L, 45_000L);
      if (finalisesLikeARecomputation(t, arrivals, intervalMs)) {
        withTooLate.incrementAndGet();
      }
    });
    // the generator is meant to mix in too-late events; without them the too-late path goes unchecked
    assertThat(withTooLate.get()).as("tries with too-late events").isGreaterThan(4);
  }

  /** Checks one case; true when it had too-late events. */
  private static boolean finalisesLikeARecomputation(Trial t, List<Sent> arrivals, long intervalMs) {
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
      assertThat(finalRows).as("%s: a row of %s after its final row", t, row.key).doesNotContainKey(row.key);
      long version = row.value.getUpdatedAt().toEpochMilli();
      boolean isFinal = "final".equals(row.value.getStatus());
      long previous = lastVersion.getOrDefault(row.key, Long.MIN_VALUE);
      // provisional versions may repeat (a wall-clock flush at unchanged stream time); a final one is strictly highest
      assertThat(version).as("%s: version of %s", t, row.key).isGreaterThanOrEqualTo(previous);
      if (isFinal) {
        assertThat(version).as("%s: final version of %s", t, row.key).isGreaterThan(previous);
      }
      lastVersion.put(row.key, version);
      if (isFinal) {
        finalRows.put(row.key, row.value);
      }
    }
    assertThat(finalRows.keySet()).as("%s: minutes finalised", t).containsExactlyInAnyOrderElementsOf(finals.keySet());
    finals.forEach((key, expected) -> {
      MinuteMetric m = finalRows.get(key);
      assertThat(m.getCount()).as("%s: count of %s", t, key).isEqualTo(expected.count());
      assertThat(m.getRevenue()).as("%s: revenue of %s", t, key).isEqualTo(expected.revenue());
      assertThat(m.getDistinctUsers()).as("%s: distinct users of %s", t, key).isEqualTo(expected.users().size());
      assertThat(m.getUserHashes()).as("%s: users of %s", t, key).containsExactlyElementsOf(expected.users());
    });
    Map<String, Long> lateCounted = new HashMap<>();
    late.forEach(kv -> lateCounted.merge(kv.key, 1L, Long::sum));
    assertThat(lateCounted).as("%s: too-late events per minute", t).isEqualTo(tooLate);
    return !tooLate.isEmpty();
  }

  /**
   * Events over 6 minutes (in steps of 5 s, so that stream time often lands exactly on a minute's
   * end plus grace), each arriving up to 6 minutes (three times the grace) after its event time, so
   * the arrival order mixes in-order, late and too-late events; one in six is sent twice.
   */
  private static List<Sent> arrivals(Trial t) {
    int size = t.chance(0.1) ? t.oneOf(10, 60) : t.intBetween(10, 60);
    List<KeyValue<Long, Sent>> arriving = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Sent s = new Sent(t.oneOf("view", "buy"), t.oneOf("web", "ios"), t.oneOf("u1", "u2", "u3", "u4", "u5"),
          T0.toEpochMilli() + t.longBetween(0, 6 * 12) * STEP_MS, t.intBetween(0, 3));
      long arrival = s.eventTime() + t.longBetween(0, 6 * 12) * STEP_MS;
      arriving.add(KeyValue.pair(arrival, s));
      if (t.intBetween(0, 5) == 0) {
        arriving.add(KeyValue.pair(arrival + 1, s));
      }
    }
    // stable sort: equal arrival times keep generation order
    return arriving.stream().sorted(Comparator.comparing((KeyValue<Long, Sent> kv) -> kv.key))
        .map(kv -> kv.value).toList();
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
