package dev.tributary.console.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.event.Rule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestParamsTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:34:56Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Set<String> ALL = Set.of("grain", "from", "to", "event", "name");

  private static RequestParams params(Map<String, List<String>> values) {
    return new RequestParams(values, ALL, CLOCK);
  }

  private static RequestParams params(String name, String value) {
    return params(Map.of(name, List.of(value)));
  }

  @Test
  void shouldDefaultTheWindowToTheGrainsSpanEndingAfterTheCurrentPeriod() {
    TimeRange range = params(Map.of()).range(Grain.MINUTE);
    assertThat(range.toSeconds()).isEqualTo(Instant.parse("2026-11-30T12:35:00Z").getEpochSecond());
    assertThat(range.fromSeconds()).isEqualTo(Instant.parse("2026-11-30T11:35:00Z").getEpochSecond());
  }

  @Test
  void shouldTakeAnExplicitWindow() {
    TimeRange range = params(Map.of("from", List.of("1000"), "to", List.of("2000"))).range(Grain.HOUR);
    assertThat(range).isEqualTo(new TimeRange(1000, 2000));
  }

  @Test
  void shouldRefuseAnUnknownParameterNamingIt() {
    assertThatThrownBy(() -> new RequestParams(Map.of("evnt", List.of("x")), ALL, CLOCK))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
          assertThat(e.parameter()).isEqualTo("evnt");
          assertThat(e.rule()).isEqualTo(Rule.ONE_OF);
          assertThat(e.getMessage()).contains("event, from, grain, name, to");
        });
  }

  @Test
  void shouldRefuseARepeatedParameter() {
    assertThatThrownBy(() -> params(Map.of("grain", List.of("hour", "day"))))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.rule()).isEqualTo(Rule.CONFLICT));
  }

  @Test
  void shouldRefuseAGrainTheEndpointDoesNotChart() {
    assertThatThrownBy(() -> params("grain", "minute").grain(EnumSet.of(Grain.HOUR, Grain.DAY), Grain.HOUR))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
          assertThat(e.parameter()).isEqualTo("grain");
          assertThat(e.rule()).isEqualTo(Rule.ONE_OF);
          assertThat(e.getMessage()).contains("hour, day");
        });
  }

  @Test
  void shouldRefuseATimeThatIsNotWholeEpochSeconds() {
    for (String bad : List.of("yesterday", "1.5", "1e9", "' OR 1=1", "")) {
      assertThatThrownBy(() -> params("from", bad).range(Grain.MINUTE)).as(bad)
          .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
            assertThat(e.parameter()).isEqualTo("from");
            assertThat(e.rule()).isEqualTo(Rule.TYPE);
          });
    }
  }

  @Test
  void shouldRefuseMillisecondsForSeconds() {
    assertThatThrownBy(() -> params("to", Long.toString(NOW.toEpochMilli())).range(Grain.DAY))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.getMessage()).contains("milliseconds"));
  }

  @Test
  void shouldRefuseAWindowThatEndsBeforeItStarts() {
    assertThatThrownBy(() -> params(Map.of("from", List.of("2000"), "to", List.of("1000"))).range(Grain.MINUTE))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
  }

  @Test
  void shouldRefuseAWindowWiderThanTheGrainAllows() {
    long to = NOW.getEpochSecond();
    long from = to - Grain.MINUTE.maxSpan().toSeconds() - 60;
    assertThatThrownBy(() -> params(Map.of("from", List.of(Long.toString(from)), "to", List.of(Long.toString(to))))
        .range(Grain.MINUTE)).isInstanceOfSatisfying(InvalidParameterException.class,
            e -> assertThat(e.rule()).isEqualTo(Rule.MAX_PAST));
  }

  @Test
  void shouldRefuseBlankLongOrNulText() {
    assertThatThrownBy(() -> params("event", " ").text("event")).isInstanceOfSatisfying(InvalidParameterException.class,
        e -> assertThat(e.rule()).isEqualTo(Rule.NOT_EMPTY));
    assertThatThrownBy(() -> params("event", "x".repeat(RequestParams.MAX_TEXT + 1)).text("event"))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.rule()).isEqualTo(Rule.MAX_LENGTH));
    assertThatThrownBy(() -> params("event", "a\0b").text("event")).isInstanceOfSatisfying(
        InvalidParameterException.class, e -> assertThat(e.rule()).isEqualTo(Rule.NUL_CHARACTER));
  }

  @Test
  void shouldKeepTextAsGivenForBinding() {
    assertThat(params("event", "it's \\ ' OR 1=1 --").text("event")).contains("it's \\ ' OR 1=1 --");
  }

  @Test
  void shouldAcceptOnlyCatalogueShapedMetricNames() {
    assertThat(params("name", "daily_active_users").metricName("name")).isEqualTo("daily_active_users");
    assertThatThrownBy(() -> params("name", "dau'; DROP").metricName("name"))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.rule()).isEqualTo(Rule.TYPE));
    assertThatThrownBy(() -> params(Map.of()).metricName("name"))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.rule()).isEqualTo(Rule.REQUIRED));
  }
}
