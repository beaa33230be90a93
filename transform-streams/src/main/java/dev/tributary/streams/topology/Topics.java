package dev.tributary.streams.topology;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistry;
import dev.tributary.schema.serde.AvroSerdes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics the pipeline reads and writes, one per dataset of the catalogue that the transform
 * stage uses, with their serdes.
 *
 * <p>The raw topic is read as bytes and decoded inside the topology with {@code rawEvents}: a
 * record that cannot be decoded then becomes a dead letter carrying its exact bytes, instead of
 * stopping the application in the consumer's deserializer. Every other topic carries its dataset's
 * Avro contract, keyed by strings as the dataset's key rule says.
 *
 * <p>Immutable; thread-safe when the serdes are.
 */
public final class Topics {

  private final Topic<String, byte[]> raw;
  private final Deserializer<RawEvent> rawEvents;
  private final Map<Dataset<?>, Topic<String, ?>> outputs;

  private Topics(Topic<String, byte[]> raw, Deserializer<RawEvent> rawEvents, Map<Dataset<?>, Topic<String, ?>> outputs) {
    this.raw = raw;
    this.rawEvents = rawEvents;
    this.outputs = outputs;
  }

  /**
   * The topics of {@code names} (which must include {@link Datasets#RAW}; distinct names are
   * guaranteed by {@link TopicNames}), output values as Avro in the Confluent wire format with
   * schemas from {@code registry}.
   */
  public static Topics of(TopicNames names, SchemaRegistry registry, Deserializer<RawEvent> rawEvents) {
    Objects.requireNonNull(rawEvents, "rawEvents");
    Map<Dataset<?>, Topic<String, ?>> outputs = new LinkedHashMap<>();
    for (Dataset<?> d : names.datasets()) {
      if (d != Datasets.RAW) {
        outputs.put(d, topic(names.of(d), registry, d));
      }
    }
    return new Topics(new Topic<>(names.of(Datasets.RAW), Serdes.String(), Serdes.ByteArray()), rawEvents,
        Map.copyOf(outputs));
  }

  private static <V extends SpecificRecord> Topic<String, V> topic(String name, SchemaRegistry registry, Dataset<V> d) {
    return new Topic<>(name, Serdes.String(), AvroSerdes.serde(d.contract(), registry, false));
  }

  /** {@code events.raw}: identity key, undecoded value bytes. */
  public Topic<String, byte[]> raw() {
    return raw;
  }

  /** Decoder of the raw topic's values (wire-format Avro). */
  public Deserializer<RawEvent> rawEvents() {
    return rawEvents;
  }

  /**
   * The topic of an output dataset.
   *
   * @throws IllegalArgumentException when the topics were built without it
   */
  @SuppressWarnings("unchecked")
  public <V extends SpecificRecord> Topic<String, V> output(Dataset<V> dataset) {
    Topic<String, ?> topic = outputs.get(dataset);
    if (topic == null) {
      throw new IllegalArgumentException("no topic for dataset " + dataset.name());
    }
    return (Topic<String, V>) topic;
  }
}
