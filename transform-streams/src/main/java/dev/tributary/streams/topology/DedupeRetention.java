package dev.tributary.streams.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * How much record time of event ids the dedupe store and its changelog hold, from the dedupe window
 * and the changelog's extra retention: the figures a restore's cost follows, since a restore from
 * the changelog replays every id the changelog still holds.
 *
 * <ul>
 *   <li>The store (a segmented RocksDB window store, retention = window) drops a segment once stream
 *       time passes its end; Kafka Streams sizes a segment max(window / 2, 1 min), so the store holds
 *       up to {@link #storeSpan()} = window + one segment.</li>
 *   <li>The changelog ({@code compact,delete}; its keys are id + timestamp + sequence number, so
 *       compaction removes nothing) keeps {@code retention.ms} = window + extra retention, and the
 *       broker deletes only whole, rolled log segments: it holds up to {@link #changelogSpan()} =
 *       window + extra + one log segment ({@link #changelogSegment()}, which this class sets on the
 *       changelog; Kafka's default {@code segment.ms} of 7 days would let a low-rate changelog keep a
 *       week of ids beyond its retention, all of them read back by a restore).</li>
 * </ul>
 *
 * <p>The extra retention is what keeps a restore exactly-once-safe when processing lags: the broker
 * deletes by wall clock, the store expires by stream time, so an id the store still needs survives in
 * the changelog only while the lag stays below the extra retention.
 *
 * <p>Immutable and thread-safe.
 *
 * @param window how long (record time) an emitted id is remembered
 * @param changelogExtra how much longer than the window the changelog keeps ids
 */
public record DedupeRetention(Duration window, Duration changelogExtra) {

  /** Shortest window: the store's segments are never shorter, and no client retry is faster. */
  public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
  /** Longest window: 90 days of ids at 50,000 events/s is 389 billion; beyond, use the warehouse's dedupe. */
  public static final Duration MAX_WINDOW = Duration.ofDays(90);
  /** Longest changelog segment: a restore reads at most this much expired record time. */
  public static final Duration MAX_CHANGELOG_SEGMENT = Duration.ofHours(1);
  /** Longest extra retention: Kafka's own default is 1 day. */
  public static final Duration MAX_CHANGELOG_EXTRA = Duration.ofDays(7);
  /** Kafka Streams' smallest window-store segment interval. */
  private static final Duration MIN_STORE_SEGMENT = Duration.ofMinutes(1);

  public DedupeRetention {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(changelogExtra, "changelogExtra");
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("the dedupe window must be between " + MIN_WINDOW.toMinutes() + " minute and "
          + MAX_WINDOW.toDays() + " days, got " + window.toMillis() + " ms");
    }
    if (changelogExtra.isNegative() || changelogExtra.compareTo(MAX_CHANGELOG_EXTRA) > 0) {
      throw new IllegalArgumentException("the dedupe changelog's extra retention must be between 0 and "
          + MAX_CHANGELOG_EXTRA.toDays() + " days, got " + changelogExtra.toMillis() + " ms");
    }
  }

  /**
   * {@code segment.ms} of the changelog: a 24th of the window, between 1 minute and
   * {@link #MAX_CHANGELOG_SEGMENT}, so that what the broker may keep past the retention is at most
   * about 4 % of the window and the log has at most a few dozen segments per partition.
   */
  public Duration changelogSegment() {
    return changelogSegment(window);
  }

  /** {@link #changelogSegment()} of a window (unchecked: tests build topologies with any window). */
  static Duration changelogSegment(Duration window) {
    Duration d = window.dividedBy(24);
    return d.compareTo(MIN_STORE_SEGMENT) < 0 ? MIN_STORE_SEGMENT
        : d.compareTo(MAX_CHANGELOG_SEGMENT) > 0 ? MAX_CHANGELOG_SEGMENT : d;
  }

  /** {@code retention.ms} Kafka Streams gives the changelog: window + extra retention. */
  public Duration changelogRetention() {
    return window.plus(changelogExtra);
  }

  /** Record time of ids the changelog may hold at most, so a full restore replays. */
  public Duration changelogSpan() {
    return changelogRetention().plus(changelogSegment());
  }

  /** Record time of ids the store may hold at most (window + one store segment). */
  public Duration storeSpan() {
    Duration segment = window.dividedBy(2);
    return window.plus(segment.compareTo(MIN_STORE_SEGMENT) < 0 ? MIN_STORE_SEGMENT : segment);
  }

  /** Ids a full restore replays at most at {@code eventsPerSecond} (every event a distinct id). */
  public double changelogIds(double eventsPerSecond) {
    return eventsPerSecond * changelogSpan().toMillis() / 1000.0;
  }

  /** Ids within one window at {@code eventsPerSecond}: what dedupe needs remembered. */
  public double windowIds(double eventsPerSecond) {
    return eventsPerSecond * window.toMillis() / 1000.0;
  }
}
