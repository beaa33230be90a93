package dev.tributary.schema.serde;

import dev.tributary.schema.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Factory of Kafka {@link Serde}s for generated Avro classes in the Confluent wire format, e.g.
 * for Kafka Streams' {@code Consumed.with} / {@code Produced.with}. The serdes are thread-safe;
 * build one per type and share it.
 */
public final class AvroSerdes {

  private AvroSerdes() {
  }

  /**
   * @param type the generated class the deserializer produces
   * @param registry usually a shared {@link dev.tributary.schema.registry.SchemaRegistryClient}
   * @param isKey registers under {@code <topic>-key} when true, {@code <topic>-value} otherwise
   */
  public static <T extends SpecificRecord> Serde<T> serde(Class<T> type, SchemaRegistry registry,
      boolean isKey) {
    return Serdes.serdeFrom(new AvroSerializer<>(registry, isKey),
        new AvroDeserializer<>(registry, type));
  }
}
