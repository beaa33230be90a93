package dev.tributary.bench.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.streams.config.StreamsSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamsVariantsTest {

  @Test
  void shouldSwitchSessionsAndIdentityOffThroughTheirDocumentedSettings() {
    assertThat(StreamsStage.Variant.all()).first().isEqualTo(StreamsStage.Variant.DEFAULTS);
    assertThat(StreamsStage.Variant.WITHOUT_SESSIONS_AND_IDENTITY.settings()).containsOnlyKeys(
        StreamsSettings.SESSIONS_ENABLED, StreamsSettings.IDENTITY_ENABLED).containsValue("false");
    assertThat(StreamsSettings.definition().names())
        .contains(StreamsSettings.SESSIONS_ENABLED, StreamsSettings.IDENTITY_ENABLED);
  }

  @Test
  void shouldPriceTheDefaultsPerEventAgainstEachVariant() {
    // 20,000/s = 50 µs per event with everything on, 25,000/s = 40 µs without: the features cost 10 µs
    String table = StreamsVariants.render(List.of(
        new StreamsVariants.Run(StreamsStage.Variant.DEFAULTS, new StreamsStage.Result(1000, 20_000, 0.05, 1000, 0, true, 80.0)),
        new StreamsVariants.Run(StreamsStage.Variant.WITHOUT_SESSIONS_AND_IDENTITY,
            new StreamsStage.Result(1000, 25_000, 0.04, 1000, 0, true, 62.5))));

    assertThat(table).contains("20,000/s", "25,000/s", "80.0 µs", "62.5 µs", "reference", "+10.0 µs / +17.5 µs");
  }
}
