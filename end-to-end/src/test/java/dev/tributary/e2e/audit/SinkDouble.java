package dev.tributary.e2e.audit;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.BatchAccumulator;
import dev.tributary.sink.batching.BatchPolicy;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Stands in for the sink between the transform stage and ClickHouse: loads records of a dataset
 * with the sink's own row conversion, batch encoding and ClickHouse writer, one insert per record,
 * at the next offset of its topic, and drops (never loads) the records a fault says to drop.
 * Not thread-safe.
 */
final class SinkDouble {

  private static final long EPOCH = 1;

  private final ClickHouseWarehouseWriter writer;
  private final Map<String, Long> nextOffset = new HashMap<>();

  SinkDouble(ClickHouseWarehouseWriter writer) {
    this.writer = writer;
  }

  /** Loads every record of {@code values}. */
  <V extends SpecificRecord> void load(Dataset<V> dataset, List<V> values) {
    load(dataset, values, v -> false);
  }

  /** Loads every record of {@code values} but those {@code dropped} matches (their offsets are skipped). */
  <V extends SpecificRecord> void load(Dataset<V> dataset, List<V> values, Predicate<V> dropped) {
    String topic = dataset.topic().defaultName();
    for (V value : values) {
      long offset = nextOffset.merge(topic, 1L, Long::sum) - 1;
      if (dropped.test(value)) {
        continue;
      }
      Row row = Rows.of(dataset, value, topic, 0, offset);
      List<Batch> sealed = new BatchAccumulator(new BatchPolicy(1, 0), () -> 0L)
          .add(dataset.loading().table(), new TopicPartition(topic, 0), row);
      // claimed as the sink claims a partition on assignment, so the warehouse's fence lets it in
      writer.claim(dataset.loading().table(), topic, 0, EPOCH);
      sealed.forEach(b -> writer.insert(b, EPOCH));
    }
  }
}
