package dev.tributary.sink.testing;

import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.BatchAccumulator;
import dev.tributary.sink.batching.BatchPolicy;
import dev.tributary.sink.batching.Row;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Batches of given rows for tests, sealed by the sink's own {@link BatchAccumulator}, so their bytes
 * are exactly what the running sink would send. Stateless; thread-safe.
 */
public final class Batches {

  private Batches() {}

  /**
   * One batch of {@code rows} (offsets increasing, all of one month) of {@code source}, sealed for
   * its row count.
   *
   * @throws IllegalArgumentException when the rows are empty, their offsets do not increase or they
   *     span more than one month (which the sink would write as several batches)
   */
  public static Batch of(WarehouseTable table, TopicPartition source, List<Row> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a batch has at least one row");
    }
    BatchAccumulator accumulator = new BatchAccumulator(new BatchPolicy(rows.size(), 0), () -> 0L);
    List<Batch> sealed = new ArrayList<>();
    for (Row row : rows) {
      sealed.addAll(accumulator.add(table, source, row));
    }
    if (sealed.size() != 1) {
      throw new IllegalArgumentException("rows of " + source + " span " + sealed.size() + " months; one batch holds one");
    }
    return sealed.get(0);
  }
}
