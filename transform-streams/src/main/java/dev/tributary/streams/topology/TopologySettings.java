package dev.tributary.streams.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the pipeline topology needs to know besides its topics.
 *
 * <p>Immutable and thread-safe.
 *
 * @param metricsGrace how long after a minute ends late events still count into it
 * @param metricsProvisionalInterval how much stream time passes between provisional rows of a
 *     minute that keeps changing (see {@code MinuteMetrics})
 * @param clockSkewTolerance how far after {@code received_at} a corrected event time may lie
 *     before it is replaced by {@code received_at}
 * @param maxEventNameLength longest accepted event name, in characters
 * @param dedupeEnabled whether copies of an already emitted event id are dropped (see
 *     {@link EventDeduplicator}); the service always builds it true (no configuration key turns it
 *     off), false only in tests that prove what dedupe prevents
 * @param dedupeWindow how long, in record time, an emitted event id is remembered
 * @param streamsConfig the Kafka Streams configuration the topology will run with; the builder
 *     reads its topology-level keys (store types, naming enforcement) when building
 */
public record TopologySettings(
    Duration metricsGrace,
    Duration metricsProvisionalInterval,
    Duration clockSkewTolerance,
    int maxEventNameLength,
    boolean dedupeEnabled,
    Duration dedupeWindow,
    Map<String, Object> streamsConfig) {

  public TopologySettings {
    Objects.requireNonNull(metricsGrace, "metricsGrace");
    Objects.requireNonNull(clockSkewTolerance, "clockSkewTolerance");
    Objects.requireNonNull(metricsProvisionalInterval, "metricsProvisionalInterval");
    if (metricsProvisionalInterval.isNegative() || metricsProvisionalInterval.isZero()) {
      throw new IllegalArgumentException("the metrics provisional interval must be positive");
    }
    if (metricsGrace.isNegative() || clockSkewTolerance.isNegative()) {
      throw new IllegalArgumentException("metrics grace and clock skew tolerance must not be negative");
    }
    Objects.requireNonNull(dedupeWindow, "dedupeWindow");
    if (dedupeWindow.isNegative() || dedupeWindow.isZero()) {
      throw new IllegalArgumentException("dedupe window must be positive");
    }
    if (maxEventNameLength < 1) {
      throw new IllegalArgumentException("max event name length must be positive");
    }
    streamsConfig = Map.copyOf(streamsConfig);
  }
}
