package dev.tributary.streams.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.CleanEvent;
import dev.tributary.events.Session;
import dev.tributary.streams.config.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTopologyTest {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final Map<String, String> CONFIG = Map.of(
      StreamsSettings.SESSIONS_INACTIVITY_MS, Long.toString(Duration.ofMinutes(30).toMillis()),
      StreamsSettings.SESSIONS_MAX_DURATION_MS, Long.toString(Duration.ofHours(2).toMillis()),
      StreamsSettings.SESSIONS_GRACE_MS, Long.toString(Duration.ofHours(1).toMillis()),
      StreamsSettings.SESSIONS_CONVERSION_EVENTS, "Order Completed,Signed Up");

  @TempDir
  Path stateDir;

  private PipelineDriver pipeline;
  private final Map<String, Session> latest = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    pipeline = new PipelineDriver(stateDir, CONFIG);
  }

  @AfterEach
  void close() {
    pipeline.close();
  }

  @Test
  void shouldStartANewSessionAfterThirtyMinutesOfInactivity() {
    pipeline.track("u1", "e1", "a", T0);
    pipeline.track("u1", "e2", "a", T0.plus(minutes(29)));
    pipeline.track("u1", "e3", "a", T0.plus(minutes(59)));

    List<CleanEvent> events = pipeline.clean.readValuesToList();
    List<Session> live = live();
    assertThat(live).extracting(Session::getStartedAt, Session::getEndedAt, Session::getEvents).containsExactly(
        org.assertj.core.groups.Tuple.tuple(T0, T0.plus(minutes(29)), 2L),
        org.assertj.core.groups.Tuple.tuple(T0.plus(minutes(59)), T0.plus(minutes(59)), 1L));
    assertThat(events).extracting(CleanEvent::getSessionId).containsExactly(
        live.get(0).getSessionId(), live.get(0).getSessionId(), live.get(1).getSessionId());
  }

  @Test
  void shouldCutASessionAtTheMaximumDurationEvenWithoutAGap() {
    for (int i = 0; i <= 9; i++) {
      pipeline.track("u1", "e" + i, "a", T0.plus(minutes(20L * i)));
    }

    assertThat(live()).extracting(Session::getStartedAt, Session::getEvents).containsExactly(
        org.assertj.core.groups.Tuple.tuple(T0, 6L),
        org.assertj.core.groups.Tuple.tuple(T0.plus(minutes(120)), 4L));
  }

  @Test
  void shouldMoveASessionsStartBackForALateEventAndMapEveryOldIdToTheSurvivor() {
    pipeline.track("u1", "e1", "a", T0.plus(minutes(20)));
    pipeline.track("u1", "e2", "a", T0.plus(minutes(21)));
    pipeline.track("u1", "e3", "a", T0.plus(minutes(10)));
    pipeline.track("u1", "e4", "a", T0.plus(minutes(1)));

    List<CleanEvent> events = pipeline.clean.readValuesToList();
    String first = IdentitySessions.sessionId("u1", T0.plus(minutes(20)).toEpochMilli());
    String second = IdentitySessions.sessionId("u1", T0.plus(minutes(10)).toEpochMilli());
    String survivor = IdentitySessions.sessionId("u1", T0.plus(minutes(1)).toEpochMilli());
    assertThat(events).extracting(CleanEvent::getSessionId).containsExactly(first, first, second, survivor);
    readSessions();
    assertThat(latest.get(first).getStatus()).isEqualTo("merged");
    assertThat(latest.get(first).getMergedInto()).isEqualTo(survivor);
    assertThat(latest.get(second).getMergedInto()).isEqualTo(survivor);
    assertThat(live()).extracting(Session::getSessionId, Session::getEvents).containsExactly(
        org.assertj.core.groups.Tuple.tuple(survivor, 4L));
  }

  @Test
  void shouldMergeTwoSessionsThatALateEventBridges() {
    pipeline.track("u1", "e1", "a", T0);
    pipeline.track("u1", "e2", "a", T0.plus(minutes(50)));
    assertThat(live()).hasSize(2);

    pipeline.track("u1", "e3", "a", T0.plus(minutes(25)));

    String a = IdentitySessions.sessionId("u1", T0.toEpochMilli());
    String b = IdentitySessions.sessionId("u1", T0.plus(minutes(50)).toEpochMilli());
    assertThat(live()).extracting(Session::getSessionId, Session::getEvents, Session::getEndedAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(a, 3L, T0.plus(minutes(50))));
    assertThat(latest.get(b).getStatus()).isEqualTo("merged");
    assertThat(latest.get(b).getMergedInto()).isEqualTo(a);
  }

  @Test
  void shouldGiveAnEventLaterThanTheGracePeriodASessionOfItsOwnWithStatusLate() {
    pipeline.track("u1", "e1", "a", T0.plus(minutes(180)));
    pipeline.track("u1", "e2", "a", T0.plus(minutes(119))); // stream time 180 min - grace 60 min = 120 min

    List<CleanEvent> events = pipeline.clean.readValuesToList();
    readSessions();
    Session late = latest.get(events.get(1).getSessionId());
    assertThat(late.getStatus()).isEqualTo("late");
    assertThat(late.getEvents()).isEqualTo(1);
    assertThat(late.getStartedAt()).isEqualTo(T0.plus(minutes(119)));
    assertThat(live()).extracting(Session::getStartedAt).containsExactly(T0.plus(minutes(180)));
  }

  @Test
  void shouldRecordEntryPageReferrerPageViewsAndConversionWhateverTheArrivalOrder() {
    pipeline.send("u1", "e1", T0.plus(minutes(2)), "{\"type\":\"page\",\"userId\":\"u1\",\"name\":\"Pricing\","
        + "\"properties\":{\"url\":\"https://shop.example/pricing\",\"path\":\"/pricing\"}}");
    pipeline.track("u1", "e2", "Order Completed", T0.plus(minutes(3)));
    pipeline.send("u1", "e3", T0, "{\"type\":\"track\",\"event\":\"Ad Seen\",\"userId\":\"u1\","
        + "\"context\":{\"page\":{\"referrer\":\"https://search.example/?q=shoes\"}}}");
    pipeline.send("u1", "e4", T0.plus(minutes(1)), "{\"type\":\"page\",\"userId\":\"u1\","
        + "\"context\":{\"page\":{\"url\":\"https://shop.example/\",\"path\":\"/\"}}}");

    Session s = live().get(0);
    assertThat(s.getEvents()).isEqualTo(4);
    assertThat(s.getPageViews()).isEqualTo(2);
    assertThat(s.getEntryUrl()).isEqualTo("https://shop.example/");
    assertThat(s.getEntryPath()).isEqualTo("/");
    assertThat(s.getReferrer()).isEqualTo("https://search.example/?q=shoes");
    assertThat(s.getConverted()).isTrue();
  }

  @Test
  void shouldNotMarkASessionConvertedWithoutAConversionEvent() {
    pipeline.track("u1", "e1", "Order Started", T0);

    assertThat(live().get(0).getConverted()).isFalse();
  }

  @Test
  void shouldKeepTheSessionsOfAnAnonymousIdAndAUserApart() {
    pipeline.send("a1", "e1", T0, "{\"type\":\"track\",\"event\":\"a\",\"anonymousId\":\"a1\"}");
    pipeline.track("u1", "e2", "a", T0.plus(minutes(1)));

    assertThat(live()).extracting(Session::getIdentity).containsExactly("a1", "u1");
  }

  @Test
  void shouldForgetAnIdleIdentityOnceNoAcceptedEventCanJoinItsSession() {
    pipeline.track("u1", "e1", "a", T0);
    pipeline.track("u2", "e2", "a", T0.plus(minutes(200)));
    KeyValueStore<String, IdentitySessions> store = pipeline.driver.getKeyValueStore(SessionTopology.STORE);
    assertThat(store.get("u1")).isNotNull();

    pipeline.driver.advanceWallClockTime(Duration.ofMinutes(30));

    assertThat(store.get("u1")).isNull();
    assertThat(store.get("u2")).isNotNull();
    assertThat(store.get("u2").marks()).hasSize(1);
  }

  @Test
  void shouldLeaveSessionIdsNullWhenSessionsAreOff() {
    pipeline.close();
    pipeline = new PipelineDriver(stateDir.resolve("off"), Map.of(StreamsSettings.SESSIONS_ENABLED, "false"));
    pipeline.track("u1", "e1", "a", T0);

    assertThat(pipeline.clean.readValue().getSessionId()).isNull();
  }

  private List<Session> live() {
    readSessions();
    return latest.values().stream().filter(s -> s.getStatus().equals("live"))
        .sorted(java.util.Comparator.comparing(Session::getIdentity).thenComparing(Session::getStartedAt)).toList();
  }

  private void readSessions() {
    pipeline.sessions.readValuesToList().forEach(s -> latest.put(s.getSessionId(), s));
  }

  private static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }
}
