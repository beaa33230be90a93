package dev.tributary.localstack.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the demo experiment does at each tick, apart from how it talks to the stack: rewrite the served
 * definitions when a ramp step is due, let new visitors ask for their variant, and send what those in the
 * experiment do ({@link DemoExperiment#visit}). {@link DemoExperimentTraffic} plugs in HTTP; tests plug in
 * fakes and a clock they move.
 *
 * <p>Thread-safe for one ticking thread and any number of readers of {@link #line()}.
 */
final class DemoVisitors {

  /** A visitor's variant as the assignment endpoint answers it, when the visitor is in the experiment. */
  record Assigned(String variationId, int variationIndex) {}

  /** The assignment endpoint. */
  @FunctionalInterface
  interface Assignments {
    Optional<Assigned> of(String visitor);
  }

  private final String exampleYaml;
  private final String experimentKey;
  private final Consumer<String> servedDefinitions;
  private final Consumer<List<Map<String, Object>>> batches;
  private final Clock clock;
  private final Instant started;
  private final String visitorPrefix;
  private final AtomicLong visitors = new AtomicLong();
  private final AtomicReference<Double> coverage = new AtomicReference<>(DemoExperiment.RAMP.get(0));
  private final Map<String, LongAdder> exposed = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> converted = new ConcurrentSkipListMap<>();

  /**
   * @param servedDefinitions writes a new version of the served definitions file (the first step is already there)
   * @param batches sends events to the ingest service
   */
  DemoVisitors(String exampleYaml, Consumer<String> servedDefinitions, Consumer<List<Map<String, Object>>> batches,
      Clock clock) {
    this.exampleYaml = exampleYaml;
    this.experimentKey = DemoExperiment.experimentKey(exampleYaml);
    this.servedDefinitions = servedDefinitions;
    this.batches = batches;
    this.clock = clock;
    this.started = clock.instant();
    this.visitorPrefix = "visitor-" + Long.toString(started.toEpochMilli(), 36) + "-";
  }

  String experimentKey() {
    return experimentKey;
  }

  /** One tick: the ramp step if due, then {@code arrivals} new visitors. */
  void tick(int arrivals, Assignments assignments) {
    double due = DemoExperiment.coverageAt(Duration.between(started, clock.instant()));
    if (due != coverage.get()) {
      servedDefinitions.accept(DemoExperiment.definitions(exampleYaml, due, clock.instant()));
      coverage.set(due);
    }
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < arrivals; i++) {
      String visitor = visitorPrefix + visitors.incrementAndGet();
      Optional<Assigned> assigned = assignments.of(visitor);
      if (assigned.isEmpty()) {
        continue;
      }
      String variation = assigned.get().variationId();
      List<Map<String, Object>> visit = DemoExperiment.visit(visitor, experimentKey, variation,
          assigned.get().variationIndex(), clock.instant(), UUID.randomUUID());
      exposed.computeIfAbsent(variation, v -> new LongAdder()).increment();
      if (visit.size() > 1) {
        converted.computeIfAbsent(variation, v -> new LongAdder()).increment();
      }
      events.addAll(visit);
    }
    if (!events.isEmpty()) {
      batches.accept(events);
    }
  }

  /** Coverage, visitors, and exposed / converted per variant. */
  String line() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "experiment %s at %.0f %% coverage: %d visitors",
        experimentKey, 100 * coverage.get(), visitors.get()));
    exposed.forEach((variation, n) -> sb.append(String.format(Locale.ROOT, ", %s %d exposed / %d converted", variation,
        n.sum(), converted.getOrDefault(variation, new LongAdder()).sum())));
    return sb.toString();
  }
}
