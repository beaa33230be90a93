package dev.tributary.streams.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.streams.config.StreamsSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The session and identity keys of the transform service's configuration, and their bad values. */
class SessionSettingsTest {

  @Test
  void shouldDefaultToThirtyMinuteSessionsOfAtMostADayWithIdentityOn() {
    StreamsSettings s = StreamsSettings.load(Map.of(), Map.of());

    SessionRules rules = s.topologySettings().sessions().orElseThrow();
    assertThat(rules.inactivity()).isEqualTo(Duration.ofMinutes(30));
    assertThat(rules.maxDuration()).isEqualTo(Duration.ofHours(24));
    assertThat(rules.conversionEvents()).containsExactly("Order Completed");
    assertThat(s.topologySettings().identityEnabled()).isTrue();
  }

  @Test
  void shouldReadConversionEventsFromTheEnvironmentAsAList() {
    StreamsSettings s = StreamsSettings.load(Map.of("SESSIONS_CONVERSION_EVENTS", "Signed Up, Order Completed"),
        Map.of());

    assertThat(s.topologySettings().sessions().orElseThrow().conversionEvents())
        .isEqualTo(Set.of("Signed Up", "Order Completed"));
  }

  @Test
  void shouldRefuseAConversionEventSettingThatNamesNothing() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of(), Map.of(StreamsSettings.SESSIONS_CONVERSION_EVENTS, "")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsSettings.SESSIONS_CONVERSION_EVENTS)
        .hasMessageContaining("must name at least one event");
  }

  @Test
  void shouldRefuseABlankConversionEventName() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of(),
        Map.of(StreamsSettings.SESSIONS_CONVERSION_EVENTS, "Order Completed, ,Signed Up")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no blank name");
  }

  @Test
  void shouldRefuseAMaximumDurationShorterThanTheInactivityGap() {
    assertThatThrownBy(() -> StreamsSettings.load(Map.of(), Map.of(
        StreamsSettings.SESSIONS_INACTIVITY_MS, "3600000", StreamsSettings.SESSIONS_MAX_DURATION_MS, "60000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsSettings.SESSIONS_MAX_DURATION_MS)
        .hasMessageContaining(StreamsSettings.SESSIONS_INACTIVITY_MS);
  }

  @Test
  void shouldLeaveSessionsOutWhenDisabled() {
    StreamsSettings s = StreamsSettings.load(Map.of("SESSIONS_ENABLED", "false", "IDENTITY_ENABLED", "false"), Map.of());

    assertThat(s.topologySettings().sessions()).isEmpty();
    assertThat(s.topologySettings().identityEnabled()).isFalse();
  }
}
