package dev.tributary.streams.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.streams.experiments.UnitState.Attribution;
import dev.tributary.streams.experiments.UnitState.MetricValue;
import dev.tributary.streams.experiments.UnitState.PreEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The stores' binary forms: a round trip, and the forms of earlier versions still read (a restore from old changelogs). */
class UnitStateSerdeTest {

  @Test
  void shouldRoundTripAttributionsWithCovariatesAndPreExposureEvents() {
    UnitState state = new UnitState(Map.of("checkout-button", new Attribution(2, "green", 1_000L, false,
        List.of(new MetricValue("revenue_per_active_user", 12.5, 0, 40), new MetricValue("average_order_value", 12.5, 1, 0)))),
        List.of(new PreEvent(900L, "revenue_per_active_user", 40), new PreEvent(900L, "purchase_conversion_rate", 1),
            new PreEvent(950L, "revenue_per_active_user", 7.25)));

    assertThat(UnitStateSerde.read(UnitStateSerde.write(state))).isEqualTo(state);
  }

  @Test
  void shouldReadAUnitStateWrittenBeforeCupedWithXZeroAndNoPreExposureEvents() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(1);
      out.writeUTF("checkout-button");
      out.writeInt(1);
      out.writeUTF("control");
      out.writeLong(5_000L);
      out.writeBoolean(true);
      out.writeInt(1);
      out.writeUTF("revenue_per_active_user");
      out.writeDouble(3);
      out.writeDouble(0);
    }

    assertThat(UnitStateSerde.read(bytes.toByteArray())).isEqualTo(new UnitState(Map.of("checkout-button",
        new Attribution(1, "control", 5_000L, true, List.of(new MetricValue("revenue_per_active_user", 3, 0, 0)))),
        List.of()));
  }

  @Test
  void shouldReadAUnitStateOfVersion2WrittenThroughADataOutputStream() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(2);
      out.writeInt(1);
      out.writeUTF("checkout-button");
      out.writeInt(2);
      out.writeUTF("green");
      out.writeLong(1_000L);
      out.writeBoolean(false);
      out.writeInt(1);
      out.writeUTF("revenue_per_active_user");
      out.writeDouble(12.5);
      out.writeDouble(0);
      out.writeDouble(40);
      out.writeShort(2);
      out.writeUTF("revenue_per_active_user");
      out.writeUTF("purchase_conversion_rate");
      out.writeInt(3);
      out.writeLong(900L);
      out.writeByte(0);
      out.writeDouble(40);
      out.writeLong(900L);
      out.writeByte(1);
      out.writeDouble(1);
      out.writeLong(950L);
      out.writeByte(0);
      out.writeDouble(7.25);
    }

    UnitState read = UnitStateSerde.read(bytes.toByteArray());

    assertThat(read).isEqualTo(new UnitState(Map.of("checkout-button", new Attribution(2, "green", 1_000L, false,
        List.of(new MetricValue("revenue_per_active_user", 12.5, 0, 40)))),
        List.of(new PreEvent(900L, "revenue_per_active_user", 40), new PreEvent(900L, "purchase_conversion_rate", 1),
            new PreEvent(950L, "revenue_per_active_user", 7.25))));
    assertThat(UnitStateSerde.write(read)[0]).as("rewritten in the current version").isEqualTo((byte) 3);
  }

  @Test
  void shouldRefuseAnUnknownVersionAndATruncatedState() {
    assertThatThrownBy(() -> UnitStateSerde.read(new byte[] {9, 0, 0, 0, 0}))
        .hasMessageContaining("unit state version 9");
    byte[] whole = UnitStateSerde.write(new UnitState(Map.of("checkout-button", new Attribution(1, "control", 5L,
        false, List.of())), List.of()));
    assertThatThrownBy(() -> UnitStateSerde.read(Arrays.copyOf(whole, whole.length - 3)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("Truncated unit state");
  }

  @Test
  void shouldRoundTripACellDeltaAndReadOneWrittenBeforeCuped() {
    CellDelta delta = CellDelta.change("mean", 1, 0, 0, 0, 5, 0, 2).plus(CellDelta.exposed(7L));
    assertThat(CellDelta.serde().deserializer().deserialize("", CellDelta.serde().serializer().serialize("", delta)))
        .isEqualTo(delta);

    byte[] kind = "ratio".getBytes(StandardCharsets.UTF_8);
    byte[] v1 = ByteBuffer.allocate(4 + kind.length + 8 * 9).putInt(kind.length).put(kind).putLong(3).putLong(1)
        .putDouble(1).putDouble(2).putDouble(3).putDouble(4).putDouble(5).putLong(10).putLong(20).array();
    assertThat(CellDelta.serde().deserializer().deserialize("", v1))
        .isEqualTo(new CellDelta("ratio", 3, 1, 1, 2, 3, 4, 5, 0, 0, 0, 10, 20));
  }
}
