package dev.tributary.ingest.experiments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The experiment meters of the ingest service: definitions reloads by outcome, whether the file on disk is
 * refused (so an alert can say "the definitions in force are older than the file"), running experiments, and
 * the change log's published, pending and failed publishes.
 *
 * <p>Thread-safe (Micrometer meters are).
 */
public final class ExperimentMetrics {

  private final MeterRegistry registry;

  public ExperimentMetrics(MeterRegistry registry, DefinitionsReloader reloader) {
    this.registry = registry;
    Gauge.builder("experiments.definitions.running", () -> reloader.current().running().size())
        .description("Running experiments in the definitions in force").register(registry);
    Gauge.builder("experiments.definitions.refused", () -> reloader.refusedLatest() ? 1 : 0)
        .description("1 when the latest definitions file was refused and older definitions are in force").register(registry);
    Gauge.builder("experiments.changes.pending", () -> reloader.pending().size())
        .description("Change log records not yet acknowledged by Kafka (retried every poll)").register(registry);
  }

  /** Counts a reload by outcome: accepted or refused. */
  public void reload(String outcome) {
    Counter.builder("experiments.definitions.reloads").description("Definitions file versions judged, by outcome")
        .tag("outcome", outcome).register(registry).increment();
  }

  /** Counts change records acknowledged by Kafka. */
  public void published(int records) {
    Counter.builder("experiments.changes.published").description("Change log records acknowledged by Kafka")
        .register(registry).increment(records);
  }

  /** Counts a failed publish of the change log (it is retried). */
  public void publishFailed() {
    Counter.builder("experiments.changes.publish.failures").description("Change log publishes Kafka did not acknowledge")
        .register(registry).increment();
  }
}
