package dev.tributary.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinuteMetricsTest {

  private static final Duration GRACE = Duration.ofMinutes(2);
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
  /** A minute boundary: 2024-05-01T12:00:00Z. */
  private static final Instant M0 = Instant.parse("2024-05-01T12:00:00Z");
  /** The first stream time at which M0 is final. */
  private static final Instant M0_CLOSES = M0.plus(ONE_MINUTE).plus(GRACE);

  @TempDir
  Path stateDir;

  private MetricsDriver driver;
  private final List<KeyValue<String, MinuteMetric>> emitted = new ArrayList<>();

  @BeforeEach
  void start() {
    driver = new MetricsDriver(stateDir, GRACE, INTERVAL);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldEmitProvisionalRowsThenTheFinalRowExactlyOnce() {
    driver.send("purchase", "web", "u1", M0.plusSeconds(5));
    driver.send("purchase", "web", "u2", M0.plusSeconds(15));
    driver.send("purchase", "web", "u3", M0_CLOSES.minusMillis(1));
    driver.send("purchase", "web", "u3", M0_CLOSES);
    driver.send("purchase", "web", "u3", M0_CLOSES.plus(Duration.ofMinutes(30)));

    List<MinuteMetric> rows = rowsOf(key("purchase", "web", M0));
    assertThat(rows).extracting(MinuteMetric::getStatus).containsExactly("provisional", "provisional", "final");
    assertThat(rows).extracting(MinuteMetric::getCount).containsExactly(1L, 2L, 2L);
    assertThat(rows).extracting(MinuteMetric::getUpdatedAt)
        .containsExactly(M0.plusSeconds(5), M0.plusSeconds(15), M0_CLOSES);
    assertThat(rows.get(2).getMinuteStart()).isEqualTo(M0);
    assertThat(rows.get(2).getEvent()).isEqualTo("purchase");
    assertThat(rows.get(2).getRevenue()).isEqualTo(3.0);
  }

  @Test
  void shouldCountALateEventWithinGraceIntoItsMinute() {
    driver.send("purchase", "web", "u1", M0.plusSeconds(10));
    driver.send("purchase", "web", "u1", M0_CLOSES.minusMillis(1));
    driver.send("purchase", "web", "u2", M0.plusSeconds(20));
    driver.send("purchase", "web", "u1", M0_CLOSES);

    MinuteMetric last = last(rowsOf(key("purchase", "web", M0)));
    assertThat(last.getStatus()).isEqualTo("final");
    assertThat(last.getCount()).isEqualTo(2);
    assertThat(last.getDistinctUsers()).isEqualTo(2);
    assertThat(driver.tooLate.isEmpty()).isTrue();
  }

  @Test
  void shouldSendAnEventAfterGraceToTooLateAndLeaveTheFinalRowAlone() {
    driver.send("purchase", "web", "u1", M0.plusSeconds(10));
    driver.send("purchase", "web", "u1", M0_CLOSES);
    List<KeyValue<String, MinuteMetric>> before = driver.metrics.readKeyValuesToList();

    driver.send("purchase", "web", "u9", M0.plusSeconds(20), 4.0);
    driver.send("purchase", "web", "u1", M0_CLOSES.plusSeconds(30));

    assertThat(before).filteredOn(kv -> kv.key.equals(key("purchase", "web", M0)))
        .extracting(kv -> kv.value.getStatus()).endsWith("final");
    assertThat(driver.metrics.readKeyValuesToList()).extracting(kv -> kv.key)
        .doesNotContain(key("purchase", "web", M0));
    KeyValue<String, TooLateEvent> late = driver.tooLate.readKeyValue();
    assertThat(late.key).isEqualTo(key("purchase", "web", M0));
    assertThat(late.value.getMinuteStart()).isEqualTo(M0);
    assertThat(late.value.getEventTime()).isEqualTo(M0.plusSeconds(20));
    assertThat(late.value.getStreamTime()).isEqualTo(M0_CLOSES);
    assertThat(late.value.getRevenue()).isEqualTo(4.0);
    assertThat(late.value.getUserHash()).isEqualTo(IdentityHash.of("u9"));
    assertThat(driver.tooLate.isEmpty()).isTrue();
  }

  @Test
  void shouldCountDistinctUsersExactlyWithinAMinute() {
    for (String user : List.of("u1", "u2", "u1", "u3", "u2", "u1")) {
      driver.send("view", "web", user, M0.plusSeconds(1));
    }
    driver.send("view", "web", "u1", M0_CLOSES);

    MinuteMetric last = last(rowsOf(key("view", "web", M0)));
    assertThat(last.getCount()).isEqualTo(6);
    assertThat(last.getDistinctUsers()).isEqualTo(3);
    assertThat(last.getUserHashes()).containsExactlyElementsOf(Stream.of("u1", "u2", "u3")
        .map(IdentityHash::of).sorted(Comparator.comparing(Long::toUnsignedString, MinuteMetricsTest::unsigned))
        .toList());
  }

  @Test
  void shouldKeepSourcesApart() {
    driver.send("purchase", "web", "u1", M0.plusSeconds(1));
    driver.send("purchase", "ios", "u1", M0.plusSeconds(2));
    driver.send("purchase", "ios", "u2", M0.plusSeconds(3));
    driver.send("other", "web", "u1", M0_CLOSES);

    assertThat(last(rowsOf(key("purchase", "web", M0))).getCount()).isEqualTo(1);
    assertThat(last(rowsOf(key("purchase", "ios", M0))).getCount()).isEqualTo(2);
    assertThat(last(rowsOf(key("purchase", "ios", M0))).getSource()).isEqualTo("ios");
  }

  @Test
  void shouldEmitAtMostOneProvisionalRowPerKeyAndInterval() {
    for (int i = 0; i < 20; i++) {
      driver.send("purchase", "web", "u" + i, M0.plusMillis(100 * i));
    }
    driver.send("purchase", "web", "u1", M0.plus(INTERVAL));

    assertThat(rowsOf(key("purchase", "web", M0))).extracting(MinuteMetric::getCount).containsExactly(1L, 21L);
  }

  @Test
  void shouldFlushAChangeThatDidNotMoveStreamTimeAfterAnIntervalOfWallClockTime() {
    driver.send("purchase", "web", "u1", M0.plusSeconds(30));
    driver.send("purchase", "web", "u2", M0.plusSeconds(20));
    assertThat(rowsOf(key("purchase", "web", M0))).extracting(MinuteMetric::getCount).containsExactly(1L);

    driver.advanceWallClock(INTERVAL);
    driver.advanceWallClock(INTERVAL);

    assertThat(rowsOf(key("purchase", "web", M0))).extracting(MinuteMetric::getCount).containsExactly(1L, 2L);
    assertThat(rowsOf(key("purchase", "web", M0))).extracting(MinuteMetric::getStatus)
        .containsOnly("provisional");
    assertThat(rowsOf(key("purchase", "web", M0))).extracting(MinuteMetric::getUpdatedAt)
        .containsOnly(M0.plusSeconds(30));
  }

  @Test
  void shouldNameItsRepartitionTopicAndStores() {
    driver.send("purchase", "web", "u1", M0);

    assertThat(driver.producedTopicNames()).contains(
        "tributary-transform-metrics-by-event-source-repartition",
        "tributary-transform-metrics-minute-state-store-changelog",
        "tributary-transform-metrics-minute-clock-store-changelog");
    assertThat(driver.stores()).containsKeys(MinuteMetrics.STATE_STORE, MinuteMetrics.CLOCK_STORE);
  }

  @Test
  void shouldForgetAMinuteOnceItIsFinal() {
    driver.send("purchase", "web", "u1", M0);
    driver.send("purchase", "web", "u1", M0_CLOSES);

    @SuppressWarnings("unchecked")
    org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> state =
        (org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>)
            driver.stores().get(MinuteMetrics.STATE_STORE);
    try (var it = state.all()) {
      assertThat(it).toIterable().extracting(kv -> MinuteKey.parse(kv.key).minute())
          .containsOnly(Math.floorDiv(M0_CLOSES.toEpochMilli(), 60_000L) * 60_000L);
    }
  }

  /** Every row emitted so far for {@code key}, in order (the output topic is read once into {@link #emitted}). */
  private List<MinuteMetric> rowsOf(String key) {
    emitted.addAll(driver.metrics.readKeyValuesToList());
    return emitted.stream().filter(kv -> kv.key.equals(key)).map(kv -> kv.value).toList();
  }

  private static MinuteMetric last(List<MinuteMetric> rows) {
    assertThat(rows).isNotEmpty();
    return rows.get(rows.size() - 1);
  }

  private static String key(String event, String source, Instant minute) {
    return MinuteMetrics.metricKey(new EventSource(event, source), minute.toEpochMilli());
  }

  private static int unsigned(String a, String b) {
    return Long.compareUnsigned(Long.parseUnsignedLong(a), Long.parseUnsignedLong(b));
  }
}
