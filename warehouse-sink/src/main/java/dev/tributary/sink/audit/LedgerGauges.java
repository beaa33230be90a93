package dev.tributary.sink.audit;

import dev.tributary.common.catalogue.AuditReconciliation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit ledger on {@code /metrics}: every {@link #poll} reads the reconciliation view for the
 * last {@link #WINDOW} through {@code query} (a read-only SELECT, never the sink's write path) and
 * exposes what {@code bin/tributary reconcile} would print:
 *
 * <ul>
 *   <li>{@code tributary_audit_gap_events{source}}: the latest closed minute's gap per source;
 *   <li>{@code tributary_audit_closed_minute_gap_events}: the same over every source;
 *   <li>{@code tributary_audit_closed_minute_seconds}: the start of that minute (epoch seconds);
 *   <li>{@code tributary_audit_unbalanced_closed_minutes}: closed minute × source rows of the window
 *       whose gap is not zero (alert on {@code > 0});
 *   <li>{@code tributary_audit_stage_lag_seconds{stage}}: each stage's lag ({@code transform-streams},
 *       {@code sink});
 *   <li>{@code tributary_audit_poll_failures_total}: reads that failed (the gauges keep the last values).
 * </ul>
 *
 * A gauge is NaN until the first successful read, and the minute gauges while no minute of the
 * window is closed.
 *
 * <p>Thread-safe: {@link #poll} from one scheduler thread, the gauges read from scrapes.
 */
public final class LedgerGauges {

  /** How far back each read looks: the view is aggregated over this window only. */
  public static final Duration WINDOW = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(LedgerGauges.class);

  private final Function<String, String> query;
  private final String database;
  private final Clock clock;
  private final AtomicReference<LedgerSnapshot> latest = new AtomicReference<>(LedgerSnapshot.EMPTY);
  private final MultiGauge gapBySource;
  private final Counter failures;

  /**
   * @param query runs a SELECT and returns its text; a read-only client of the warehouse
   * @param database the warehouse database the view is in
   */
  public LedgerGauges(Function<String, String> query, String database, Clock clock, MeterRegistry registry) {
    this.query = query;
    this.database = database;
    this.clock = clock;
    this.gapBySource = MultiGauge.builder("tributary.audit.gap.events")
        .description("Gap (accepted - clean landed - dead landed - duplicates) of the latest closed minute, per source")
        .register(registry);
    Gauge.builder("tributary.audit.closed.minute.gap.events", latest, r -> r.get().latestClosedMinute().isPresent()
            ? r.get().totalGap() : Double.NaN)
        .description("Gap of the latest closed minute over every source").register(registry);
    Gauge.builder("tributary.audit.closed.minute.seconds", latest,
            r -> r.get().latestClosedMinute().map(m -> (double) m.getEpochSecond()).orElse(Double.NaN))
        .description("Start of the latest closed minute of the audit ledger (epoch seconds)").register(registry);
    Gauge.builder("tributary.audit.unbalanced.closed.minutes", latest, r -> r.get().unbalancedClosedMinutes())
        .description("Closed minute and source rows of the last hour whose gap is not zero").register(registry);
    stageLag(registry, AuditReconciliation.STREAMS_STAGE, LedgerSnapshot::streamsLagSeconds);
    stageLag(registry, "sink", LedgerSnapshot::sinkLagSeconds);
    this.failures = Counter.builder("tributary.audit.poll.failures")
        .description("Reads of the reconciliation view that failed").register(registry);
  }

  private void stageLag(MeterRegistry registry, String stage, Function<LedgerSnapshot, Optional<Long>> lag) {
    Gauge.builder("tributary.audit.stage.lag.seconds", latest, r -> lag.apply(r.get()).map(Long::doubleValue)
            .orElse(Double.NaN))
        .description("Now minus the stage's progress in the audit ledger (its freshness)")
        .tags("stage", stage).register(registry);
  }

  /** Reads the view once and updates the gauges; a failed read is counted and logged, never thrown. */
  public void poll() {
    try {
      update(LedgerSnapshot.parse(query.apply(LedgerSnapshot.query(database, clock.instant().minus(WINDOW)))));
    } catch (RuntimeException e) {
      failures.increment();
      log.warn("Reading {} for the audit gauges failed; they keep their last values: {}", AuditReconciliation.VIEW,
          e.getMessage());
    }
  }

  /** Shows {@code snapshot}. */
  void update(LedgerSnapshot snapshot) {
    latest.set(snapshot);
    gapBySource.register(snapshot.gapBySource().entrySet().stream()
        .map(e -> MultiGauge.Row.of(Tags.of("source", e.getKey()), e.getValue()))
        .toList(), true);
  }
}
