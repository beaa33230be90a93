package dev.tributary.bench.app;

import dev.tributary.bench.stage.EndToEndStage;
import dev.tributary.bench.stage.IngestStage;
import dev.tributary.bench.stage.SinkStage;
import dev.tributary.bench.stage.StreamsStage;
import java.util.List;

/**
 * Everything one benchmark run measured, for the report and for the smoke test. A stage that failed
 * has no result ({@code null}) and one entry in {@code failures}; the stages around it still report.
 * Immutable value.
 */
public record BenchResult(BenchPlan plan, IngestStage.Result ingest, StreamsStage.Result streams, SinkStage.Result sink,
    EndToEndStage.Result endToEnd, List<StageFailure> failures, List<String> profiles) {

  /** A stage that ended in an error instead of a measurement: which one, and the error's message. */
  public record StageFailure(String stage, String message) {}

  public BenchResult {
    failures = List.copyOf(failures);
    profiles = List.copyOf(profiles);
  }
}
