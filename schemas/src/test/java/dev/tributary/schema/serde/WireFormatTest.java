package dev.tributary.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void shouldWriteMagicByteThenSchemaIdBigEndian() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireFormat.writeHeader(out, 0x0A0B0C0D);

    assertThat(out.toByteArray()).containsExactly(0x00, 0x0A, 0x0B, 0x0C, 0x0D);
  }

  @Test
  void shouldFrameAPayloadBehindTheHeader() {
    assertThat(WireFormat.frame(258, new byte[] {7, 8}))
        .containsExactly(0x00, 0x00, 0x00, 0x01, 0x02, 7, 8);
  }

  @Test
  void shouldReadBackTheSchemaIdIncludingIdsWithTheHighBitSet() {
    assertThat(WireFormat.schemaId(WireFormat.frame(0x0A0B0C0D, new byte[] {1})))
        .isEqualTo(0x0A0B0C0D);
    assertThat(WireFormat.schemaId(new byte[] {0, (byte) 0x80, 0, 0, (byte) 0xFF}))
        .isEqualTo(0x800000FF);
  }

  @Test
  void shouldReadTheSchemaIdAtTheBufferPositionWithoutMovingIt() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 9, 0, 0, 0, 0, 42, 1});
    buffer.position(2);

    assertThat(WireFormat.schemaId(buffer)).isEqualTo(42);
    assertThat(buffer.position()).isEqualTo(2);
  }

  @Test
  void shouldRejectNullData() {
    assertThatThrownBy(() -> WireFormat.schemaId((byte[]) null))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("null");
  }

  @Test
  void shouldRejectDataShorterThanTheHeader() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Only 4 byte(s)")
        .hasMessageContaining("at least 5");
  }

  @Test
  void shouldRejectEmptyData() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Only 0 byte(s)");
  }

  @Test
  void shouldRejectWrongMagicByteAndHintAtJsonText() {
    assertThatThrownBy(() -> WireFormat.schemaId("{\"event\":\"x\"}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x7b")
        .hasMessageContaining("JSON");
  }

  @Test
  void shouldRejectWrongMagicByteInABuffer() {
    assertThatThrownBy(() -> WireFormat.schemaId(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 1})))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x01");
  }
}
