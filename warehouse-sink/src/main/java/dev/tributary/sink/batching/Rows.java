package dev.tributary.sink.batching;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.RowConverter.TableRow;
import dev.tributary.common.catalogue.WarehouseTime;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.MinuteMetric;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps a record of a catalogue dataset to a warehouse {@link Row}: the dataset's converter fills
 * the data columns, then the Kafka coordinates {@code _topic, _partition, _offset} are appended
 * and the row is placed in the month of its table's partition column.
 *
 * <p>Pure and stateless; thread-safe.
 */
public final class Rows {

  private Rows() {}

  /** The row of {@code value}, a record of {@code dataset} read at the given coordinates. */
  public static <V extends SpecificRecord> Row of(Dataset<V> dataset, V value, String topic, int partition,
      long offset) {
    Dataset.Loading<V> loading = dataset.loading();
    TableRow data = loading.converter().toRow(value);
    List<Object> v = new ArrayList<>(loading.table().columns().size());
    v.addAll(data.values());
    v.add(topic);
    v.add(partition);
    v.add(offset);
    return new Row(offset, WarehouseTime.month(data.partitionMillis()), v);
  }

  public static Row of(CleanEvent e, String topic, int partition, long offset) {
    return of(Datasets.CLEAN, e, topic, partition, offset);
  }

  public static Row of(DeadLetter d, String topic, int partition, long offset) {
    return of(Datasets.DEAD_LETTERS, d, topic, partition, offset);
  }

  public static Row of(MinuteMetric m, String topic, int partition, long offset) {
    return of(Datasets.METRICS_MINUTE, m, topic, partition, offset);
  }
}
