package dev.tributary.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class DedupeRetentionTest {

  private static final Duration DAY = Duration.ofDays(1);

  @Test
  void shouldBoundTheChangelogOfADayWindowToWindowPlusExtraPlusOneHourSegment() {
    DedupeRetention r = new DedupeRetention(DAY, Duration.ofHours(6));
    assertThat(r.changelogSegment()).isEqualTo(Duration.ofHours(1));
    assertThat(r.changelogRetention()).isEqualTo(Duration.ofHours(30));
    assertThat(r.changelogSpan()).isEqualTo(Duration.ofHours(31));
  }

  @Test
  void shouldHoldUpToOneAndAHalfWindowsInTheStore() {
    assertThat(new DedupeRetention(DAY, Duration.ZERO).storeSpan()).isEqualTo(Duration.ofHours(36));
    // Kafka Streams never makes a window-store segment shorter than a minute
    assertThat(new DedupeRetention(Duration.ofMinutes(1), Duration.ZERO).storeSpan()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void shouldRollChangelogSegmentsAtATwentyFourthOfTheWindowBetweenAMinuteAndAnHour() {
    assertThat(new DedupeRetention(Duration.ofHours(2), Duration.ZERO).changelogSegment()).isEqualTo(Duration.ofMinutes(5));
    assertThat(new DedupeRetention(Duration.ofMinutes(10), Duration.ZERO).changelogSegment()).isEqualTo(Duration.ofMinutes(1));
    assertThat(new DedupeRetention(Duration.ofDays(7), Duration.ZERO).changelogSegment()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void shouldCountTheIdsOfAWindowAndOfTheChangelogAtARate() {
    DedupeRetention r = new DedupeRetention(Duration.ofDays(7), Duration.ofDays(1));
    // the figure: 50,000 events/s for 7 days is about 30 billion ids
    assertThat(r.windowIds(50_000)).isEqualTo(30_240_000_000.0);
    assertThat(r.changelogIds(50_000)).isEqualTo(50_000.0 * (8 * 86_400 + 3_600));
  }

  @Test
  void shouldRefuseAWindowOutsideAMinuteToNinetyDaysNamingTheBounds() {
    assertThatThrownBy(() -> new DedupeRetention(Duration.ofSeconds(59), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 minute and 90 days");
    assertThatThrownBy(() -> new DedupeRetention(Duration.ofDays(91), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 7862400000 ms");
  }

  @Test
  void shouldRefuseANegativeOrWeekLongerExtraRetention() {
    assertThatThrownBy(() -> new DedupeRetention(DAY, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extra retention");
    assertThatThrownBy(() -> new DedupeRetention(DAY, Duration.ofDays(8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 7 days");
  }

  @Test
  void shouldGiveTheDedupeChangelogItsSegmentRoll() {
    assertThat(EventDeduplicator.storeBuilder("dedupe-store", DAY).logConfig())
        .containsEntry(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()));
  }
}
