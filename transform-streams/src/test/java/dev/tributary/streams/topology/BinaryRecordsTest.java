package dev.tributary.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class BinaryRecordsTest {

  private record Fields(byte b, boolean flag, int i, long l, String text, String none) {}

  private static final Serde<Fields> SERDE = BinaryRecords.serde("Fields", (byte) 7, (out, f) -> {
    out.writeByte(f.b());
    out.writeBoolean(f.flag());
    out.writeInt(f.i());
    out.writeLong(f.l());
    out.writeString(f.text());
    out.writeString(f.none());
  }, in -> new Fields(in.readByte(), in.readBoolean(), in.readInt(), in.readLong(), in.readString(), in.readString()));

  private static final Fields SAMPLE = new Fields((byte) -3, true, -123_456_789, Long.MIN_VALUE + 987_654_321L,
      "pâge/\u00e9t\u00e9 \uD83D\uDE80 " + "x".repeat(300), null);

  @Test
  void shouldWriteExactlyTheBytesOfTheDataStreamsEarlierVersionsWrote() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(7);
      out.writeByte(SAMPLE.b());
      out.writeBoolean(SAMPLE.flag());
      out.writeInt(SAMPLE.i());
      out.writeLong(SAMPLE.l());
      byte[] utf8 = SAMPLE.text().getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
      out.writeInt(-1);
    }

    assertThat(SERDE.serializer().serialize("t", SAMPLE)).isEqualTo(bytes.toByteArray());
    assertThat(SERDE.deserializer().deserialize("t", bytes.toByteArray())).isEqualTo(SAMPLE);
  }

  @Test
  void shouldRefuseATruncatedRecordNamingItsTypeAndTopic() {
    byte[] whole = SERDE.serializer().serialize("t", SAMPLE);

    assertThatThrownBy(() -> SERDE.deserializer().deserialize("sessions-changelog", Arrays.copyOf(whole, whole.length - 5)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Truncated Fields in sessions-changelog");
  }

  @Test
  void shouldRefuseAnotherFormat() {
    byte[] whole = SERDE.serializer().serialize("t", SAMPLE);
    whole[0] = 8;

    assertThatThrownBy(() -> SERDE.deserializer().deserialize("t", whole))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Not a Fields of format 7");
  }
}
