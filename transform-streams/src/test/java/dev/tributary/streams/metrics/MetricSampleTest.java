package dev.tributary.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class MetricSampleTest {

  private final Serde<MetricSample> serde = MetricSample.serde();

  @Test
  void shouldCarryTheReceivedTimeThroughTheRepartitionTopic() {
    MetricSample sample = new MetricSample(1_000L, 9.5, -42L, 61_000L);

    byte[] bytes = serde.serializer().serialize("t", sample);

    assertThat(bytes).hasSize(33);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(sample);
  }

  @Test
  void shouldReadARecordOfTheFormerFormatWithItsEventTimeAsReceivedTime() {
    byte[] v2 = ByteBuffer.allocate(25).put((byte) 2).putLong(1_000L).putDouble(9.5).putLong(-42L).array();

    assertThat(serde.deserializer().deserialize("t", v2)).isEqualTo(new MetricSample(1_000L, 9.5, -42L, 1_000L));
  }

  @Test
  void shouldRefuseBytesOfNeitherFormat() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {3, 1, 2}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("3 bytes");
  }
}
