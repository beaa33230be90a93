package dev.tributary.schema.serde;

import dev.tributary.schema.registry.SchemaRegistry;
import dev.tributary.schema.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer of generated Avro classes into the Confluent {@link WireFormat}. On the first
 * record for a topic it registers the record's schema under the TopicNameStrategy subject
 * ({@code <topic>-value} or {@code <topic>-key}), or only looks it up when auto-registration is
 * off, and caches the id, so the hot path makes no registry call and parses no schema. A
 * {@code null} record serializes to {@code null} (tombstone).
 *
 * <p>Registry failures surface as {@link SchemaRegistryException} (unwrapped, so callers can ask
 * {@link SchemaRegistryException#retriable()}); encoding failures as {@link SerializationException}.
 *
 * <p>Thread-safe: one instance may serve all producer threads.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private static final int MAX_RETAINED_BUFFER = 1 << 20;
  private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

  private final SchemaRegistry registry;
  private final boolean isKey;
  private final boolean autoRegister;
  private final Map<String, Registered<T>> byTopic = new ConcurrentHashMap<>();

  /** A serializer that registers each topic's schema on first use (auto-registration). */
  public AvroSerializer(SchemaRegistry registry, boolean isKey) {
    this(registry, isKey, true);
  }

  /**
   * @param autoRegister when false, only looks the schema up, so a record whose schema was not
   *     registered beforehand fails instead of changing the subject
   */
  public AvroSerializer(SchemaRegistry registry, boolean isKey, boolean autoRegister) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  /** The TopicNameStrategy subject: {@code <topic>-key} or {@code <topic>-value}. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    Schema schema = record.getSchema();
    Registered<T> registered = byTopic.get(topic);
    if (registered == null || registered.schema() != schema) {
      registered = register(topic, record);
    }
    Output output = OUTPUT.get();
    try {
      output.reset();
      WireFormat.writeHeader(output, registered.id());
      output.encoder = EncoderFactory.get().directBinaryEncoder(output, output.encoder);
      registered.writer().write(record, output.encoder);
      return output.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic "
          + topic + " with schema id " + registered.id() + ": " + e.getMessage(), e);
    } finally {
      output.trim();
    }
  }

  private Registered<T> register(String topic, T record) {
    Schema schema = record.getSchema();
    String subject = subject(topic, isKey);
    int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
    @SuppressWarnings("unchecked")
    DatumWriter<T> writer =
        new SpecificDatumWriter<>(schema, SpecificData.getForClass((Class<T>) record.getClass()));
    Registered<T> registered = new Registered<>(schema, id, writer);
    byTopic.put(topic, registered);
    return registered;
  }

  private record Registered<T>(Schema schema, int id, DatumWriter<T> writer) {
  }

  /** Per-thread reusable buffer and encoder; dropped back to a small size after big records. */
  private static final class Output extends ByteArrayOutputStream {
    private static final int INITIAL = 256;
    BinaryEncoder encoder;

    Output() {
      super(INITIAL);
    }

    void trim() {
      if (buf.length > MAX_RETAINED_BUFFER) {
        buf = new byte[INITIAL];
        count = 0;
      }
    }
  }
}
