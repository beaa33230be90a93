package dev.tributary.e2e.crash;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one crash-test run, read from system properties so that the short IT run,
 * the full run and the negative runs are the same code:
 *
 * <ul>
 *   <li>{@code crash.events} total events (default 20,000), split evenly over the six phases;
 *   <li>{@code crash.kills} kills per process (default: 2 for ingest, streams and sink, 1 for
 *       ClickHouse, the broker and the registry);
 *   <li>{@code crash.seed} seed of every random choice (default: random, always printed);
 *   <li>{@code crash.disable} {@code dedupe} or {@code resume}: switches off one mechanism, so
 *       the run must show lost or duplicated events (a negative control);
 *   <li>{@code crash.only} comma-separated processes to run phases for (default all six), e.g.
 *       {@code sink,clickhouse} for a quick negative run of {@code crash.disable=resume};
 *   <li>{@code crash.threads} client threads of the load generator (default 4);
 *   <li>{@code crash.dir} where data and logs go (default {@code target/crash-test/run-<time>}).
 * </ul>
 * Immutable.
 */
public record CrashOptions(int events, List<CrashScenario> scenarios, long seed, Optional<Disabled> disabled,
    int threads, Path dir) {

  /** A safety mechanism a negative run switches off. */
  public enum Disabled {
    /** Streams started as {@link StreamsWithoutDedupeMain}: client retries become duplicate rows. */
    DEDUPE,
    /** Sink started as {@link SinkWithoutWarehouseResumeMain}: resumes from committed offsets only. */
    RESUME
  }

  public CrashOptions {
    scenarios = List.copyOf(scenarios);
  }

  /** Reads the options from {@code properties} (normally {@link System#getProperties()}). */
  public static CrashOptions from(Map<?, ?> properties) {
    int events = Integer.parseInt(get(properties, "crash.events", "20000"));
    String kills = get(properties, "crash.kills", "");
    long seed = Long.parseLong(get(properties, "crash.seed", Long.toString(System.nanoTime() & 0xFFFF_FFFFL)));
    String disable = get(properties, "crash.disable", "").trim();
    Optional<Disabled> disabled = disable.isEmpty() || disable.equals("none")
        ? Optional.empty() : Optional.of(Disabled.valueOf(disable.toUpperCase(Locale.ROOT)));
    int threads = Integer.parseInt(get(properties, "crash.threads", "4"));
    Path dir = Path.of(get(properties, "crash.dir", "target/crash-test/run-" + System.currentTimeMillis()));
    List<CrashTarget> targets = new ArrayList<>(List.of(CrashTarget.values()));
    String only = get(properties, "crash.only", "").trim();
    if (!only.isEmpty()) {
      List<String> wanted = List.of(only.toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
      targets.removeIf(t -> !wanted.contains(t.name()));
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("crash.only=" + only + " names none of " + List.of(CrashTarget.values()));
      }
    }
    int perPhase = Math.max(1, (events + targets.size() - 1) / targets.size());
    List<CrashScenario> scenarios = new ArrayList<>();
    for (CrashTarget target : targets) {
      int n = kills.isBlank() ? defaultKills(target) : Integer.parseInt(kills.trim());
      scenarios.add(CrashScenario.of(target, n, perPhase));
    }
    return new CrashOptions(events, scenarios, seed, disabled, threads, dir.toAbsolutePath());
  }

  private static int defaultKills(CrashTarget target) {
    return switch (target) {
      case INGEST, STREAMS, SINK -> 2;
      case CLICKHOUSE, KAFKA, REGISTRY -> 1;
    };
  }

  private static String get(Map<?, ?> properties, String key, String fallback) {
    Object v = properties.get(key);
    return v == null || v.toString().isBlank() ? fallback : v.toString();
  }

  @Override
  public String toString() {
    return "events=" + events + ", kills=" + scenarios.stream().map(s -> s.target().label() + ":" + s.kills()).toList()
        + ", seed=" + seed + ", disabled=" + disabled.map(Enum::name).orElse("none") + ", threads=" + threads
        + ", dir=" + dir;
  }
}
