package dev.tributary.bench.app;

import dev.tributary.bench.stage.EndToEndStage;
import dev.tributary.bench.stage.IngestStage;
import dev.tributary.bench.stage.SinkStage;
import dev.tributary.bench.stage.StreamsStage;
import java.util.List;

/** Everything one benchmark run measured, for the report and for the smoke test. Immutable value. */
public record BenchResult(BenchPlan plan, IngestStage.Result ingest, StreamsStage.Result streams, SinkStage.Result sink,
    EndToEndStage.Result endToEnd, List<String> profiles) {

  public BenchResult {
    profiles = List.copyOf(profiles);
  }
}
