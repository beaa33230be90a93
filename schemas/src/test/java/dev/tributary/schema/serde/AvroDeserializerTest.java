package dev.tributary.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroDeserializerTest {

  private final FakeSchemaRegistry registry = new FakeSchemaRegistry(7);

  @Test
  void shouldRoundTripEveryContractType() {
    assertThat(roundTrip(RawEvent.class, TestEvents.raw("e-1"))).isEqualTo(TestEvents.raw("e-1"));
    assertThat(roundTrip(CleanEvent.class, TestEvents.clean())).isEqualTo(TestEvents.clean());
    assertThat(roundTrip(DeadLetter.class, TestEvents.deadLetter()))
        .isEqualTo(TestEvents.deadLetter());
    assertThat(roundTrip(MinuteMetric.class, TestEvents.metric())).isEqualTo(TestEvents.metric());
  }

  @Test
  void shouldReadFromAByteBufferWithAnOffset() {
    byte[] framed = new AvroSerializer<RawEvent>(registry, false)
        .serialize("events.raw", TestEvents.raw("e-1"));
    byte[] padded = new byte[framed.length + 3];
    System.arraycopy(framed, 0, padded, 3, framed.length);
    ByteBuffer buffer = ByteBuffer.wrap(padded, 3, framed.length).slice();

    RawEvent read = new AvroDeserializer<>(registry, RawEvent.class)
        .deserialize("events.raw", null, buffer);

    assertThat(read).isEqualTo(TestEvents.raw("e-1"));
  }

  @Test
  void shouldReadDataWrittenWithAnOlderSchemaFillingNewFieldsWithDefaults() throws IOException {
    Schema v0 = SchemaBuilder.record("RawEvent").namespace("dev.tributary.events").fields()
        .requiredString("event_id")
        .requiredString("source")
        .name("received_at").type().longType().noDefault()
        .requiredString("payload")
        .endRecord();
    GenericRecord old = new GenericData.Record(v0);
    old.put("event_id", "e-old");
    old.put("source", "web");
    old.put("received_at", TestEvents.T0.toEpochMilli());
    old.put("payload", "{}");
    int oldId = registry.register("events.raw-value", v0);

    RawEvent read = new AvroDeserializer<>(registry, RawEvent.class)
        .deserialize("events.raw", WireFormat.frame(oldId, encode(v0, old)));

    assertThat(read.getEventId()).isEqualTo("e-old");
    assertThat(read.getReceivedAt()).isEqualTo(TestEvents.T0);
    assertThat(read.getRequestId()).isNull();
    assertThat(read.getClientIp()).isNull();
  }

  @Test
  void shouldReadACleanEventWrittenWithVersion1WithoutTraitsOrIds() throws Exception {
    Schema v1 = new Schema.Parser().parse(
        Path.of(getClass().getResource("/schema-history/CleanEvent/v1.avsc").toURI()).toFile());
    GenericRecord old = new GenericData.Record(v1);
    old.put("event_id", "e-v1");
    old.put("type", "identify");
    old.put("event", "identify");
    old.put("user_id", "u1");
    old.put("timestamp", TestEvents.T0.toEpochMilli());
    old.put("received_at", TestEvents.T0.toEpochMilli());
    old.put("source", "web");
    old.put("properties", "{}");
    old.put("context", "{}");
    int v1Id = registry.register("events.clean-value", v1);

    CleanEvent read = new AvroDeserializer<>(registry, CleanEvent.class)
        .deserialize("events.clean", WireFormat.frame(v1Id, encode(v1, old)));

    assertThat(read.getEventId()).isEqualTo("e-v1");
    assertThat(read.getTraits()).isNull();
    assertThat(read.getGroupId()).isNull();
    assertThat(read.getPreviousId()).isNull();
  }

  @Test
  void shouldLookUpEachWriterSchemaOnceNotPerRecord() {
    AvroSerializer<RawEvent> serializer = new AvroSerializer<>(registry, false);
    AvroDeserializer<RawEvent> deserializer = new AvroDeserializer<>(registry, RawEvent.class);

    IntStream.range(0, 1_000).forEach(i ->
        deserializer.deserialize("events.raw", serializer.serialize("events.raw", TestEvents.raw("e" + i))));

    assertThat(registry.getByIdCalls).hasValue(1);
  }

  @Test
  void shouldDeserializeNullAsNull() {
    assertThat(new AvroDeserializer<>(registry, RawEvent.class).deserialize("events.raw", null))
        .isNull();
  }

  @Test
  void shouldNameTheTopicWhenTheMagicByteIsWrong() {
    assertThatThrownBy(() -> new AvroDeserializer<>(registry, RawEvent.class)
        .deserialize("events.raw", "{\"event\":1}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic events.raw")
        .hasMessageContaining("magic byte 0x7b");
  }

  @Test
  void shouldRejectAPayloadThatDoesNotMatchItsSchema() {
    byte[] framed = new AvroSerializer<RawEvent>(registry, false)
        .serialize("events.raw", TestEvents.raw("e-1"));
    byte[] truncated = java.util.Arrays.copyOf(framed, 12);

    assertThatThrownBy(() -> new AvroDeserializer<>(registry, RawEvent.class)
        .deserialize("events.raw", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic events.raw")
        .hasMessageContaining("writer schema id 7");
  }

  @Test
  void shouldRejectAWriterSchemaTheClassCannotRead() throws IOException {
    Schema unrelated = SchemaBuilder.record("RawEvent").namespace("dev.tributary.events").fields()
        .requiredInt("event_id").endRecord();
    GenericRecord record = new GenericData.Record(unrelated);
    record.put("event_id", 1);
    int id = registry.register("events.raw-value", unrelated);

    assertThatThrownBy(() -> new AvroDeserializer<>(registry, RawEvent.class)
        .deserialize("events.raw", WireFormat.frame(id, encode(unrelated, record))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("writer schema id " + id + " is not compatible");
  }

  @Test
  void shouldBuildAWorkingSerde() {
    try (Serde<MinuteMetric> serde = AvroSerdes.serde(MinuteMetric.class, registry, false)) {
      byte[] bytes = serde.serializer().serialize("metrics.minute", TestEvents.metric());

      assertThat(serde.deserializer().deserialize("metrics.minute", bytes))
          .isEqualTo(TestEvents.metric());
      assertThat(registry.registeredSubjects()).containsExactly("metrics.minute-value");
    }
  }

  private <T extends SpecificRecord> T roundTrip(Class<T> type, T record) {
    byte[] bytes = new AvroSerializer<T>(registry, false).serialize("topic", record);
    return new AvroDeserializer<>(registry, type).deserialize("topic", bytes);
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
