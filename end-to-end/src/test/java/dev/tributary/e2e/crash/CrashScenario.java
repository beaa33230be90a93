package dev.tributary.e2e.crash;

import java.time.Duration;
import java.util.Objects;

/**
 * One phase of the crash test: while {@code events} events are sent, {@code target} is killed with
 * SIGKILL {@code kills} times, each kill after a random pause in {@code [minPause, maxPause]} of
 * load, and restarted after a random downtime of at most {@code maxDowntime}. Immutable.
 */
public record CrashScenario(CrashTarget target, int kills, int events, Duration minPause, Duration maxPause,
    Duration maxDowntime) {

  public CrashScenario {
    Objects.requireNonNull(target, "target");
    if (kills < 1 || events < 1) {
      throw new IllegalArgumentException("kills and events must be positive: " + kills + ", " + events);
    }
    if (maxPause.compareTo(minPause) < 0) {
      throw new IllegalArgumentException("maxPause < minPause");
    }
  }

  /** A phase with the default pauses (2–5 s of load before each kill) and up to 2 s downtime. */
  public static CrashScenario of(CrashTarget target, int kills, int events) {
    return new CrashScenario(target, kills, events, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2));
  }
}
