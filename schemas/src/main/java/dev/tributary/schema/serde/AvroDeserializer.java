package dev.tributary.schema.serde;

import dev.tributary.schema.registry.SchemaRegistry;
import dev.tributary.schema.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer of the Confluent {@link WireFormat} into a generated Avro class. It reads the
 * writer schema by the id in the record (once per id, then cached) and resolves it to the class's
 * own schema, so records written with an older compatible schema read as the current class
 * (schema evolution: missing fields take their defaults). A {@code null} record deserializes to
 * {@code null} (tombstone).
 *
 * <p>Malformed bytes or an incompatible writer schema raise {@link SerializationException} naming
 * the topic, the schema id and the problem; registry failures raise
 * {@link SchemaRegistryException} unwrapped, so a handler can tell a poison record from a
 * registry outage ({@link SchemaRegistryException#retriable()}).
 *
 * <p>Thread-safe: one instance may serve all consumer or stream threads.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

  private final SchemaRegistry registry;
  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final Map<Integer, Reader<T>> readersByWriterId = new ConcurrentHashMap<>();

  public AvroDeserializer(SchemaRegistry registry, Class<T> type) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.type = Objects.requireNonNull(type, "type");
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id = schemaId(topic, data.length, () -> WireFormat.schemaId(data));
    return read(topic, id, data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH);
  }

  @Override
  public T deserialize(String topic, Headers headers, byte[] data) {
    return deserialize(topic, data);
  }

  @Override
  public T deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (!data.hasArray()) {
      byte[] copy = new byte[data.remaining()];
      data.duplicate().get(copy);
      return deserialize(topic, copy);
    }
    int id = schemaId(topic, data.remaining(), () -> WireFormat.schemaId(data));
    int start = data.arrayOffset() + data.position() + WireFormat.HEADER_LENGTH;
    return read(topic, id, data.array(), start, data.remaining() - WireFormat.HEADER_LENGTH);
  }

  private T read(String topic, int id, byte[] bytes, int offset, int length) {
    Reader<T> reader = readerFor(topic, id);
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(bytes, offset, length, DECODER.get());
    DECODER.set(decoder);
    try {
      return reader.datumReader().read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot deserialize a record of topic " + topic
          + " as " + type.getSimpleName() + " with writer schema id " + id + " (" + length
          + " payload bytes): the payload does not match its schema: " + e, e);
    }
  }

  private Reader<T> readerFor(String topic, int id) {
    Reader<T> reader = readersByWriterId.get(id);
    if (reader == null) {
      reader = newReader(id);
      Reader<T> previous = readersByWriterId.putIfAbsent(id, reader);
      reader = previous != null ? previous : reader;
    }
    if (reader.incompatibility() != null) {
      throw new SerializationException("Cannot read a record of topic " + topic + " as "
          + type.getSimpleName() + ": its writer schema id " + id + " is not compatible with "
          + readerSchema.getFullName() + ": " + reader.incompatibility());
    }
    return reader;
  }

  private Reader<T> newReader(int id) {
    Schema writerSchema = registry.getById(id);
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return new Reader<>(null, compatibility.getResult().getIncompatibilities().toString());
    }
    return new Reader<>(new SpecificDatumReader<>(writerSchema, readerSchema, model), null);
  }

  private static int schemaId(String topic, int length, java.util.function.IntSupplier parse) {
    try {
      return parse.getAsInt();
    } catch (SerializationException e) {
      throw new SerializationException("Cannot deserialize a record of topic " + topic + " ("
          + length + " bytes): " + e.getMessage(), e);
    }
  }

  /** Resolving reader for one writer schema, or why that writer schema cannot be read. */
  private record Reader<T>(DatumReader<T> datumReader, String incompatibility) {
  }
}
