package dev.tributary.streams.experiments;

import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.ExperimentDefinition;
import dev.tributary.experiments.definition.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When a unit's state stops mattering, decided on the task's <b>stream time</b> S (the largest event time the task
 * has read), never on the wall clock, so that the same events give the same sums however often the scan runs:
 *
 * <ul>
 *   <li>An attribution is <em>closed</em> once S ≥ first exposure + window + grace: its sums are final, and an
 *       event read later counts nothing for it (events inside the window arriving that late are the only ones this
 *       changes; they are as late as the minute metrics' too-late events).
 *   <li>An experiment's phase is <em>over</em> when the definitions in force no longer have it (a newer phase, or
 *       the experiment removed) or the experiment is stopped and S ≥ stop + grace. Exposures of a stopped
 *       experiment read after that are refused (a dead letter): a unit whose attribution was deleted must not
 *       enter again as a new unit.
 *   <li>A closed attribution of a phase that is over is deleted by the scan; a pre-exposure contribution behind
 *       the horizon (S − lookback − grace, {@link PreExposure}) too; a unit left with nothing is deleted.
 * </ul>
 *
 * Every rule the scan applies is already applied when an event is judged, so deleting changes no result: an
 * expired unit's late metric events count nothing (they would count nothing anyway), and its late exposures are
 * refused. This holds as long as the definitions do not bring an ended phase back (a stopped experiment running
 * again, or a removed one restored, with the same phase): give the restart a new phase.
 *
 * <p>Immutable; thread-safe.
 */
final class Expiry {

  private final ExperimentRules rules;
  private final PreExposure preExposure;

  Expiry(ExperimentRules rules) {
    this.rules = rules;
    this.preExposure = new PreExposure(rules);
  }

  /** True while events read at stream time {@code streamTime} still count for the attribution. */
  boolean open(UnitState.Attribution a, long streamTime) {
    return streamTime < plus(plus(a.exposedAtMs(), rules.attributionWindow().toMillis()), rules.grace().toMillis());
  }

  /** True when exposures of the stopped experiment {@code d} read at {@code streamTime} are refused. */
  boolean exposuresOver(ExperimentDefinition d, long streamTime) {
    return d.status() == Status.STOPPED && d.stop().isPresent()
        && streamTime >= plus(d.stop().get().toEpochMilli(), rules.grace().toMillis());
  }

  /** What is left of {@code state} at {@code streamTime} under {@code definitions}; empty when nothing. */
  UnitState expire(UnitState state, long streamTime, Optional<Definitions> definitions) {
    Map<String, UnitState.Attribution> kept = new LinkedHashMap<>();
    Map<String, ExperimentDefinition> byKey = definitions.map(Definitions::byKey).orElse(Map.of());
    for (Map.Entry<String, UnitState.Attribution> e : state.attributions().entrySet()) {
      UnitState.Attribution a = e.getValue();
      if (open(a, streamTime) || definitions.isEmpty() || !phaseOver(byKey.get(e.getKey()), a.phase(), streamTime)) {
        kept.put(e.getKey(), a);
      }
    }
    return new UnitState(kept, preExposure.prune(state.preEvents(), streamTime));
  }

  private boolean phaseOver(ExperimentDefinition d, int phase, long streamTime) {
    return d == null || d.phase() > phase || exposuresOver(d, streamTime);
  }

  /** a + b, saturating at {@link Long#MAX_VALUE}. */
  static long plus(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /** a − b (b ≥ 0), saturating at {@link Long#MIN_VALUE}. */
  static long minus(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
  }
}
