package dev.tributary.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class MinuteAggregateTest {

  @Test
  void shouldTakeFirstEventTimeAsVersion() {
    assertThat(MinuteAggregate.EMPTY.add(new MetricSample(1_000, 2.5)))
        .isEqualTo(new MinuteAggregate(1, 2.5, 1_000));
  }

  @Test
  void shouldAdvanceVersionToLaterEventTime() {
    MinuteAggregate a = MinuteAggregate.EMPTY.add(new MetricSample(1_000, 0)).add(new MetricSample(5_000, 0));
    assertThat(a.version()).isEqualTo(5_000);
  }

  @Test
  void shouldBumpVersionByOneMillisecondForEarlierEventTime() {
    MinuteAggregate a = MinuteAggregate.EMPTY.add(new MetricSample(5_000, 0)).add(new MetricSample(1_000, 0));
    assertThat(a.version()).isEqualTo(5_001);
  }

  @Test
  void shouldRoundTripThroughItsSerde() {
    Serde<MinuteAggregate> serde = MinuteAggregate.serde();
    MinuteAggregate a = new MinuteAggregate(3, 14.75, 1_714_564_800_123L);
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", a))).isEqualTo(a);
  }

  @Test
  void shouldRejectBytesOfAnotherFormat() {
    assertThatThrownBy(() -> MinuteAggregate.serde().deserializer().deserialize("t", new byte[] {2, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("MinuteAggregate");
  }

  @Test
  void shouldRoundTripMetricSampleThroughItsSerde() {
    Serde<MetricSample> serde = MetricSample.serde();
    MetricSample s = new MetricSample(1_714_564_800_123L, 9.5);
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", s))).isEqualTo(s);
  }
}
