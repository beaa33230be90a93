package dev.tributary.streams.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.TooLateEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.metrics.IdentityHash;
import dev.tributary.streams.metrics.MinuteMetrics;
import dev.tributary.streams.topology.CleanInputHarness;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import dev.tributary.testsupport.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BackfillMetrics} in front of the live {@link MinuteMetrics}, as the pipeline wires them:
 * imported (backfill) and live clean events in, backfilled rows, live rows and too-late events out.
 * Live events are piped at their event time; imported ones at a received time of {@link #NOW}, with
 * event times long past.
 */
class BackfillMetricsTest {

  private static final Duration GRACE = Duration.ofMinutes(2);
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  /** A historical minute: 2024-05-01T12:00:00Z. */
  private static final Instant H0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final Instant H1 = H0.plusSeconds(60);
  /** The live minute: 2026-11-30T10:00:00Z. */
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir
  Path stateDir;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, CleanEvent> clean;
  private TestOutputTopic<String, MinuteMetric> backfilled;
  private TestOutputTopic<String, MinuteMetric> live;
  private TestOutputTopic<String, TooLateEvent> tooLate;
  private int seq;

  @BeforeEach
  void start() {
    CleanInputHarness harness = new CleanInputHarness(stateDir, "test.clean", registry);
    MinuteMetrics.build(BackfillMetrics.divert(harness.input, harness.topics, INTERVAL), harness.topics, GRACE, INTERVAL);
    driver = harness.driver();
    clean = driver.createInputTopic("test.clean", new StringSerializer(), new AvroSerializer<CleanEvent>(registry, false));
    backfilled = output("metrics.backfill");
    live = output("metrics.minute");
    tooLate = driver.createOutputTopic("metrics.too-late", new StringDeserializer(),
        new AvroDeserializer<>(registry, TooLateEvent.class));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldRecomputeImportedMinutesAndMarkThemBackfilled() {
    imported("purchase", "u1", H0.plusSeconds(5), 2.0);
    imported("purchase", "u2", H0.plusSeconds(59), 3.0);
    imported("purchase", "u1", H0.plusSeconds(30), 4.0);
    imported("purchase", "u3", H1.plusSeconds(1), 1.0);

    driver.advanceWallClockTime(INTERVAL);

    List<KeyValue<String, MinuteMetric>> rows = backfilled.readKeyValuesToList();
    assertThat(rows).extracting(kv -> kv.key).containsExactlyInAnyOrder(key(H0), key(H1));
    MinuteMetric h0 = rowOf(rows, H0);
    assertThat(h0.getStatus()).isEqualTo("backfilled");
    assertThat(h0.getMinuteStart()).isEqualTo(H0);
    assertThat(h0.getEvent()).isEqualTo("purchase");
    assertThat(h0.getSource()).isEqualTo("web");
    assertThat(h0.getCount()).isEqualTo(3);
    assertThat(h0.getRevenue()).isEqualTo(9.0);
    assertThat(h0.getDistinctUsers()).isEqualTo(2);
    assertThat(h0.getUserHashes()).containsExactlyElementsOf(
        Stream.of("u1", "u2").map(IdentityHash::of).sorted().toList());
    assertThat(rowOf(rows, H1).getCount()).isEqualTo(1);
  }

  @Test
  void shouldEmitNothingBeforeTheIntervalAndNothingAgainForUnchangedMinutes() {
    imported("purchase", "u1", H0.plusSeconds(5), 2.0);

    assertThat(backfilled.isEmpty()).isTrue();
    driver.advanceWallClockTime(INTERVAL);
    assertThat(backfilled.readValuesToList()).hasSize(1);
    driver.advanceWallClockTime(INTERVAL);
    assertThat(backfilled.isEmpty()).isTrue();
  }

  @Test
  void shouldReplaceTheRowWithAHigherVersionWhenALaterImportAddsToTheMinute() {
    imported("purchase", "u1", H0.plusSeconds(5), 2.0);
    driver.advanceWallClockTime(INTERVAL);
    imported("purchase", "u2", H0.plusSeconds(6), 2.0);
    imported("purchase", "u2", H0.plusSeconds(7), 2.0);
    driver.advanceWallClockTime(INTERVAL);

    List<MinuteMetric> rows = backfilled.readValuesToList();
    assertThat(rows).extracting(MinuteMetric::getCount).containsExactly(1L, 3L);
    assertThat(rows).extracting(MinuteMetric::getDistinctUsers).containsExactly(1L, 2L);
    assertThat(rows.get(1).getUpdatedAt()).isAfter(rows.get(0).getUpdatedAt());
  }

  @Test
  void shouldNeitherCountImportsAsTooLateNorTouchTheLiveMinutes() {
    liveEvent("u9", NOW.plusSeconds(1));
    liveEvent("u9", NOW.plus(Duration.ofMinutes(10))); // the live minute NOW is final
    List<MinuteMetric> liveBefore = live.readValuesToList();
    assertThat(liveBefore).filteredOn(m -> m.getMinuteStart().equals(NOW)).extracting(MinuteMetric::getStatus)
        .endsWith("final");

    imported("purchase", "u1", H0.plusSeconds(5), 2.0);
    imported("purchase", "u1", NOW.plusSeconds(2), 2.0); // history inside the final live minute
    liveEvent("u9", NOW.plus(Duration.ofMinutes(20)));
    driver.advanceWallClockTime(INTERVAL);

    assertThat(tooLate.isEmpty()).isTrue();
    assertThat(live.readValuesToList()).noneMatch(m -> m.getMinuteStart().equals(NOW) || m.getMinuteStart().equals(H0))
        .allMatch(m -> m.getCount() == 1);
    assertThat(backfilled.readValuesToList()).extracting(MinuteMetric::getMinuteStart, MinuteMetric::getCount)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(H0, 1L), org.assertj.core.groups.Tuple.tuple(NOW, 1L));
  }

  @Test
  void shouldNameItsStoresAndRepartitionTopic() {
    assertThat(driver.getAllStateStores()).containsKeys(BackfillMetrics.STATE_STORE, BackfillMetrics.PENDING_STORE);
    imported("purchase", "u1", H0, 1.0);
    assertThat(driver.producedTopicNames()).anyMatch(t -> t.endsWith(BackfillMetrics.REPARTITION + "-repartition"));
  }

  @Test
  void shouldRefuseANonPositiveEmitInterval() {
    CleanInputHarness other = new CleanInputHarness(stateDir.resolve("other"), "other.clean", registry);
    assertThatThrownBy(() -> BackfillMetrics.divert(other.input, other.topics, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }

  private void imported(String event, String user, Instant at, double revenue) {
    CleanEvent e = CleanEvent.newBuilder(TestRecords.cleanEvent("imp-" + (++seq), NOW))
        .setEvent(event).setUserId(user).setTimestamp(at).setRevenue(revenue).setBackfill(true).build();
    clean.pipeInput(user, e, NOW);
  }

  private void liveEvent(String user, Instant at) {
    CleanEvent e = CleanEvent.newBuilder(TestRecords.cleanEvent("live-" + (++seq), at))
        .setEvent("purchase").setUserId(user).setTimestamp(at).build();
    clean.pipeInput(user, e, at);
  }

  private TestOutputTopic<String, MinuteMetric> output(String topic) {
    return driver.createOutputTopic(topic, new StringDeserializer(), new AvroDeserializer<>(registry, MinuteMetric.class));
  }

  private static String key(Instant minute) {
    return "purchase@web@" + minute.toEpochMilli();
  }

  private static MinuteMetric rowOf(List<KeyValue<String, MinuteMetric>> rows, Instant minute) {
    return rows.stream().filter(kv -> kv.key.equals(key(minute))).map(kv -> kv.value).findFirst().orElseThrow();
  }
}
