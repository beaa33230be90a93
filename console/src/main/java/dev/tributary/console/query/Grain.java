package dev.tributary.console.query;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The time grains the console charts metrics at, each read from its own catalogue view (see
 * {@link ConsoleViews#metrics(Grain)}), with the widest window a request may ask for at that grain
 * (so one chart never pulls more than a few thousand points) and the window shown by default.
 *
 * <p>Immutable; thread-safe.
 */
public enum Grain {
  /** One point per minute; provisional until the minute is final. */
  MINUTE(Duration.ofMinutes(1), Duration.ofDays(2), Duration.ofHours(1), "toDateTime(?)"),
  /** One point per hour; provisional while any of its minutes is. */
  HOUR(Duration.ofHours(1), Duration.ofDays(92), Duration.ofDays(2), "toDateTime(?)"),
  /** One point per UTC day; provisional while any of its minutes is. */
  DAY(Duration.ofDays(1), Duration.ofDays(3_660), Duration.ofDays(30), "toDate(toDateTime(?))");

  private final Duration step;
  private final Duration maxSpan;
  private final Duration defaultSpan;
  private final String bound;

  Grain(Duration step, Duration maxSpan, Duration defaultSpan, String bound) {
    this.step = step;
    this.maxSpan = maxSpan;
    this.defaultSpan = defaultSpan;
    this.bound = bound;
  }

  /** The grain's name in URLs and JSON: {@code minute}, {@code hour}, {@code day}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The length of one period. */
  public Duration step() {
    return step;
  }

  /** The widest window one request may ask for. */
  public Duration maxSpan() {
    return maxSpan;
  }

  /** The window a request without {@code from} covers. */
  public Duration defaultSpan() {
    return defaultSpan;
  }

  /** SQL turning a bound epoch-seconds parameter into a value comparable with the grain's period column. */
  public String bound() {
    return bound;
  }

  /** The grain named {@code code}, if any. */
  public static Optional<Grain> byCode(String code) {
    return Arrays.stream(values()).filter(g -> g.code().equals(code)).findFirst();
  }
}
