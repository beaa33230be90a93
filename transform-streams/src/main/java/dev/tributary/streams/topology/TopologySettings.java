package dev.tributary.streams.topology;

import dev.tributary.streams.experiments.ExperimentRules;
import dev.tributary.streams.experiments.ExperimentTopology;
import dev.tributary.streams.sessions.SessionRules;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * @param trackingPlan the track event names that are clean (any other is dead-lettered); empty
 *     accepts every name
 * @param sessions the session rules; empty when sessions are off (no session ids, no sessions topic)
 * @param identityEnabled whether identify and alias calls build the person mapping
 * @param auditEnabled whether the audit ledger counts (see {@code docs/AUDIT.md}); off only to measure its cost
 * @param experiments the experiment attribution's definitions, metrics and window (see {@link ExperimentTopology})
 */
public record TopologySettings(
    Duration metricsGrace,
    Duration metricsProvisionalInterval,
    Duration clockSkewTolerance,
    int maxEventNameLength,
    boolean dedupeEnabled,
    Duration dedupeWindow,
    Map<String, Object> streamsConfig,
    Set<String> trackingPlan,
    Optional<SessionRules> sessions,
    boolean identityEnabled,
    boolean auditEnabled,
    ExperimentRules experiments) {

  public TopologySettings {
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(experiments, "experiments");
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
    trackingPlan = Set.copyOf(trackingPlan);
  }

  /** The provisional interval of the convenience constructors (the service's default, metrics.provisional.interval.ms). */
  public static final Duration DEFAULT_METRICS_PROVISIONAL_INTERVAL = Duration.ofSeconds(10);

  /** Settings with the audit ledger on and exposures not judged (no experiment definitions). */
  public TopologySettings(Duration metricsGrace, Duration metricsProvisionalInterval, Duration clockSkewTolerance,
      int maxEventNameLength, boolean dedupeEnabled, Duration dedupeWindow, Map<String, Object> streamsConfig,
      Set<String> trackingPlan, Optional<SessionRules> sessions, boolean identityEnabled) {
    this(metricsGrace, metricsProvisionalInterval, clockSkewTolerance, maxEventNameLength, dedupeEnabled, dedupeWindow,
        streamsConfig, trackingPlan, sessions, identityEnabled, true,
        ExperimentRules.off(MetricCatalogue.bundled().experimentMetrics()));
  }

  /** Settings without sessions and identity, for callers that only exercise the earlier stages. */
  public TopologySettings(Duration metricsGrace, Duration clockSkewTolerance, int maxEventNameLength,
      boolean dedupeEnabled, Duration dedupeWindow, Map<String, Object> streamsConfig, Set<String> trackingPlan) {
    this(metricsGrace, DEFAULT_METRICS_PROVISIONAL_INTERVAL, clockSkewTolerance, maxEventNameLength, dedupeEnabled,
        dedupeWindow, streamsConfig, trackingPlan, Optional.empty(), false);
  }

  /** Settings without a tracking plan (every event name is accepted), sessions and identity. */
  public TopologySettings(Duration metricsGrace, Duration clockSkewTolerance, int maxEventNameLength,
      boolean dedupeEnabled, Duration dedupeWindow, Map<String, Object> streamsConfig) {
    this(metricsGrace, clockSkewTolerance, maxEventNameLength, dedupeEnabled, dedupeWindow, streamsConfig, Set.of());
  }
}
