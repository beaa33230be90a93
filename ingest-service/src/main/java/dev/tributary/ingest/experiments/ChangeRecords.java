package dev.tributary.ingest.experiments;

import dev.tributary.events.ExperimentChange;
import dev.tributary.experiments.definition.DefinitionChange;
import java.time.Instant;

/**
 * Turns a change of the definitions ({@link DefinitionChange}) into the change log's Avro record.
 *
 * <p>Thread-safe: stateless.
 */
public final class ChangeRecords {

  private ChangeRecords() {}

  /** The record of {@code change}, published at {@code recordedAt}. */
  public static ExperimentChange of(DefinitionChange change, Instant recordedAt) {
    return ExperimentChange.newBuilder()
        .setChangeId(change.id())
        .setExperimentKey(change.experimentKey())
        .setPhase(change.phase())
        .setKind(change.kind().code())
        .setField(change.field())
        .setFromValue(change.from().orElse(null))
        .setToValue(change.to().orElse(null))
        .setChangedBy(change.changedBy())
        .setChangedAt(change.changedAt())
        .setRecordedAt(recordedAt)
        .build();
  }
}
