package dev.tributary.ingest.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Whether the service's dependencies (Kafka, the schema registry) answer now, for {@code GET /readyz}.
 * Implementations must not block the caller (it is an event loop) and must complete within a short,
 * bounded time.
 */
@FunctionalInterface
public interface ReadinessCheck {

  /**
   * The outcome of one check.
   *
   * @param healthy dependencies that answered
   * @param problems dependencies that did not, with a short reason each
   */
  record Report(List<String> healthy, Map<String, String> problems) {
    public Report {
      healthy = List.copyOf(healthy);
      problems = Map.copyOf(problems);
    }

    public boolean ready() {
      return problems.isEmpty();
    }
  }

  /** Checks every dependency. */
  CompletionStage<Report> check();

  /** A check that is always ready (tests that have no real dependencies). */
  static ReadinessCheck alwaysReady() {
    return () -> java.util.concurrent.CompletableFuture.completedFuture(new Report(List.of(), Map.of()));
  }
}
