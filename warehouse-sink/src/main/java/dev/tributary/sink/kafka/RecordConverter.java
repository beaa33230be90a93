package dev.tributary.sink.kafka;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns one consumed record (value still bytes, so a failure is reported with the record's
 * coordinates) into a warehouse {@link Row}.
 *
 * <p>Implementations must be thread-safe or confined to the consume loop's thread.
 */
@FunctionalInterface
public interface RecordConverter {

  /**
   * @return the row, or {@code null} when the record carries none (a tombstone)
   * @throws RuntimeException from the deserializer: {@code SerializationException} for bytes that
   *     are not valid Avro of the expected type, {@code SchemaRegistryException} when the writer
   *     schema cannot be fetched
   */
  Row convert(ConsumerRecord<String, byte[]> record);

  /** Decodes records of {@code dataset} with {@code deserializer} and converts them with the catalogue's converter. */
  static <V extends SpecificRecord> RecordConverter of(Dataset<V> dataset, Deserializer<V> deserializer) {
    dataset.loading(); // fail now, not on the first record, for a dataset that is not loaded
    return r -> {
      V value = deserializer.deserialize(r.topic(), r.headers(), r.value());
      return value == null ? null : Rows.of(dataset, value, r.topic(), r.partition(), r.offset());
    };
  }
}
