package dev.tributary.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {

  private static final int ID = 0x0A0B0C0D;
  private final FakeSchemaRegistry registry = new FakeSchemaRegistry(ID);

  @Test
  void shouldWriteTheConfluentWireFormatByteForByte() {
    byte[] expected = {
        0x00, 0x0A, 0x0B, 0x0C, 0x0D,                 // magic byte, schema id big-endian
        0x02,                                         // minute_start = 1 ms: zigzag varint 2
        0x04, 'a', 'b',                               // event: length 2 (zigzag 4), UTF-8
        0x06,                                         // count = 3: zigzag 6
        0, 0, 0, 0, 0, 0, (byte) 0xF8, 0x3F,          // revenue = 1.5: IEEE 754, little-endian
        (byte) 0x80, 0x01,                            // updated_at = 64 ms: zigzag 128, 2 bytes
        0x00, 0x00, 0x00, 0x00                        // source, distinct_users, user_hashes, status: null (union branch 0)
    };

    byte[] actual = new AvroSerializer<MinuteMetric>(registry, false)
        .serialize("metrics.minute", TestEvents.metric());

    assertThat(actual).containsExactly(expected);
  }

  @Test
  void shouldWriteTheSameBytesAsAPlainGenericDatumWriterBehindTheHeader() throws IOException {
    RawEvent event = TestEvents.raw("e-1");
    Schema schema = RawEvent.getClassSchema();
    GenericRecord generic = new GenericData.Record(schema);
    generic.put("event_id", "e-1");
    generic.put("source", "web");
    generic.put("received_at", TestEvents.T0.toEpochMilli());
    generic.put("payload", event.getPayload());
    generic.put("request_id", "req-1");
    generic.put("client_ip", null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(generic, encoder);
    encoder.flush();

    byte[] actual = new AvroSerializer<RawEvent>(registry, false).serialize("events.raw", event);

    assertThat(actual).containsExactly(WireFormat.frame(ID, out.toByteArray()));
  }

  @Test
  void shouldRegisterUnderTheTopicValueSubject() {
    new AvroSerializer<RawEvent>(registry, false).serialize("events.raw", TestEvents.raw("e-1"));

    assertThat(registry.registeredSubjects()).containsExactly("events.raw-value");
  }

  @Test
  void shouldRegisterUnderTheTopicKeySubjectForKeys() {
    new AvroSerializer<RawEvent>(registry, true).serialize("events.raw", TestEvents.raw("e-1"));

    assertThat(registry.registeredSubjects()).containsExactly("events.raw-key");
  }

  @Test
  void shouldRegisterOncePerTopicNotPerRecord() {
    AvroSerializer<RawEvent> serializer = new AvroSerializer<>(registry, false);

    IntStream.range(0, 1_000).forEach(i -> serializer.serialize("events.raw", TestEvents.raw("e" + i)));
    serializer.serialize("events.raw.replay", TestEvents.raw("e"));

    assertThat(registry.registerCalls).hasValue(2);
    assertThat(registry.registeredSubjects())
        .containsExactly("events.raw-value", "events.raw.replay-value");
  }

  @Test
  void shouldOnlyLookUpTheSchemaWhenAutoRegistrationIsOff() {
    int id = registry.register("events.raw-value", RawEvent.getClassSchema());
    AvroSerializer<RawEvent> serializer = new AvroSerializer<>(registry, false, false);

    IntStream.range(0, 100).forEach(i -> serializer.serialize("events.raw", TestEvents.raw("e")));

    assertThat(WireFormat.schemaId(serializer.serialize("events.raw", TestEvents.raw("e"))))
        .isEqualTo(id);
    assertThat(registry.registerCalls).hasValue(1);
    assertThat(registry.lookupCalls).hasValue(1);
  }

  @Test
  void shouldFailWithoutRegisteringWhenAutoRegistrationIsOffAndTheSchemaIsUnknown() {
    AvroSerializer<RawEvent> serializer = new AvroSerializer<>(registry, false, false);

    assertThatThrownBy(() -> serializer.serialize("events.raw", TestEvents.raw("e")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(registry.registerCalls).hasValue(0);
  }

  @Test
  void shouldSerializeNullAsNullForTombstones() {
    assertThat(new AvroSerializer<RawEvent>(registry, false).serialize("events.raw", null))
        .isNull();
    assertThat(registry.registerCalls).hasValue(0);
  }

  @Test
  void shouldNameTopicAndSchemaWhenARecordCannotBeEncoded() {
    RawEvent invalid = TestEvents.raw("e-1");
    invalid.setPayload(null);

    assertThatThrownBy(() -> new AvroSerializer<RawEvent>(registry, false)
        .serialize("events.raw", invalid))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("dev.tributary.events.RawEvent")
        .hasMessageContaining("events.raw")
        .hasMessageContaining("schema id " + ID);
  }

  @Test
  void shouldProduceIdenticalBytesFromManyThreads() {
    AvroSerializer<RawEvent> serializer = new AvroSerializer<>(registry, false);
    byte[] expected = serializer.serialize("events.raw", TestEvents.raw("e-1"));

    assertThat(IntStream.range(0, 2_000).parallel()
        .mapToObj(i -> serializer.serialize("events.raw", TestEvents.raw("e-1"))))
        .allSatisfy(bytes -> assertThat(bytes).containsExactly(expected));
  }
}
