package dev.tributary.experiments.definition;

import java.util.Locale;

/** What a {@link DefinitionChange} records. */
public enum ChangeKind {
  /** The experiment as found by the first load after a (re)start; see {@link DefinitionDiff#snapshot}. */
  SNAPSHOT,
  /** A new experiment appeared in the file. */
  CREATED,
  /** An experiment left the file. */
  REMOVED,
  /** The status changed (draft → running → stopped). */
  STATUS_CHANGED,
  /** The coverage changed: a ramp (5% → 10% → 20% → 100%) or a cut. */
  COVERAGE_CHANGED,
  /** A new phase began (always with a new seed, see {@link PhaseRules}). */
  PHASE_STARTED,
  /** The seed changed. */
  SEED_CHANGED,
  /** The variants or their weights changed. */
  WEIGHTS_CHANGED,
  /** Any other field changed (hypothesis, metrics, schedule, MDE, baseline); the field is named. */
  UPDATED;

  /** The code in the change log, e.g. {@code coverage_changed}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
