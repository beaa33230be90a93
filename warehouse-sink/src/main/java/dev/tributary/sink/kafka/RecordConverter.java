package dev.tributary.sink.kafka;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.MinuteMetric;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
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

  static RecordConverter cleanEvents(Deserializer<CleanEvent> deserializer) {
    return r -> {
      CleanEvent e = deserializer.deserialize(r.topic(), r.headers(), r.value());
      return e == null ? null : Rows.of(e, r.topic(), r.partition(), r.offset());
    };
  }

  static RecordConverter deadLetters(Deserializer<DeadLetter> deserializer) {
    return r -> {
      DeadLetter d = deserializer.deserialize(r.topic(), r.headers(), r.value());
      return d == null ? null : Rows.of(d, r.topic(), r.partition(), r.offset());
    };
  }

  static RecordConverter minuteMetrics(Deserializer<MinuteMetric> deserializer) {
    return r -> {
      MinuteMetric m = deserializer.deserialize(r.topic(), r.headers(), r.value());
      return m == null ? null : Rows.of(m, r.topic(), r.partition(), r.offset());
    };
  }
}
