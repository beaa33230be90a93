package dev.tributary.bench.app;

import java.time.Duration;
import java.util.List;

/**
 * How big each stage of one benchmark run is. {@link #full()} is the documented benchmark,
 * {@link #quick()} the under-three-minutes smoke run ({@code --short}). Immutable value.
 *
 * @param connections HTTP connections (one sending thread each) of the load generator
 * @param producerPerfRecords records of Kafka's ProducerPerformance, the ingest stage's limit
 * @param streamsEvents RawEvents pre-filled for the streams stage
 * @param sinkEvents CleanEvents pre-filled for the sink stage and written to the clickhouse-client files
 * @param e2eWindow how long the end-to-end stage sends as fast as the pipeline takes it
 * @param drainTimeout how long the end-to-end stage waits for that window's backlog to load before it reports it
 *     undrained and measures freshness on a fresh pipeline
 * @param freshnessWindow how long each paced freshness phase lasts
 * @param fixedFreshnessRates paced rates (events/s) measured in addition to 50% of the sustained rate
 * @param profile whether the service JVMs record a JFR profile and the bench prints its hottest methods
 */
public record BenchPlan(String mode, int connections, Duration ingestWarmup, Duration ingestWindow,
    long producerPerfRecords, int streamsEvents, int sinkEvents, Duration e2eWarmup, Duration e2eWindow,
    Duration drainTimeout, Duration freshnessWindow, List<Integer> fixedFreshnessRates, boolean profile) {

  /** How long the end-to-end stage waits for its max-rate backlog by default. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(20);

  public BenchPlan {
    fixedFreshnessRates = List.copyOf(fixedFreshnessRates);
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("the drain timeout must not be negative: " + drainTimeout);
    }
    if (connections < 1 || streamsEvents < 1 || sinkEvents < 1 || producerPerfRecords < 1) {
      throw new IllegalArgumentException("sizes must be positive: " + connections + ", " + streamsEvents + ", "
          + sinkEvents + ", " + producerPerfRecords);
    }
  }

  /** The full benchmark: about 30 minutes on 2 cores (1,848 s measured). */
  public static BenchPlan full() {
    return new BenchPlan("full", 8, Duration.ofSeconds(10), Duration.ofSeconds(60), 2_000_000, 1_000_000,
        2_000_000, Duration.ofSeconds(10), Duration.ofMinutes(5), DEFAULT_DRAIN_TIMEOUT, Duration.ofSeconds(60),
        List.of(25_000), false);
  }

  /** The smoke run: every stage, small sizes, under 3 minutes. */
  public static BenchPlan quick() {
    return new BenchPlan("short", 8, Duration.ofSeconds(3), Duration.ofSeconds(8), 150_000, 50_000, 100_000,
        Duration.ofSeconds(3), Duration.ofSeconds(10), DEFAULT_DRAIN_TIMEOUT, Duration.ofSeconds(10), List.of(), false);
  }

  public BenchPlan withProfile(boolean on) {
    return new BenchPlan(mode, connections, ingestWarmup, ingestWindow, producerPerfRecords, streamsEvents, sinkEvents,
        e2eWarmup, e2eWindow, drainTimeout, freshnessWindow, fixedFreshnessRates, on);
  }

  public BenchPlan withSinkEvents(int n) {
    return new BenchPlan(mode, connections, ingestWarmup, ingestWindow, producerPerfRecords, streamsEvents, n,
        e2eWarmup, e2eWindow, drainTimeout, freshnessWindow, fixedFreshnessRates, profile);
  }

  public BenchPlan withStreamsEvents(int n) {
    return new BenchPlan(mode, connections, ingestWarmup, ingestWindow, producerPerfRecords, n, sinkEvents,
        e2eWarmup, e2eWindow, drainTimeout, freshnessWindow, fixedFreshnessRates, profile);
  }

  public BenchPlan withE2eWindow(Duration window) {
    return new BenchPlan(mode, connections, ingestWarmup, ingestWindow, producerPerfRecords, streamsEvents, sinkEvents,
        e2eWarmup, window, drainTimeout, freshnessWindow, fixedFreshnessRates, profile);
  }

  public BenchPlan withDrainTimeout(Duration timeout) {
    return new BenchPlan(mode, connections, ingestWarmup, ingestWindow, producerPerfRecords, streamsEvents, sinkEvents,
        e2eWarmup, e2eWindow, timeout, freshnessWindow, fixedFreshnessRates, profile);
  }
}
