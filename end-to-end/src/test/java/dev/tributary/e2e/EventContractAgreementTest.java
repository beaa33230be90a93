package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.event.EventContract;
import dev.tributary.common.event.EventContract.Leniency;
import dev.tributary.common.event.Rule;
import dev.tributary.events.RawEvent;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.EventValidator;
import dev.tributary.ingest.validation.ParsedBody;
import dev.tributary.ingest.validation.ValidationLimits;
import dev.tributary.ingest.validation.ValidationResult;
import dev.tributary.streams.normalize.EventNormalizer;
import dev.tributary.streams.normalize.NormalizeResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the same events to the ingest service's validator (the door) and to the stream's normaliser
 * and checks that they agree — both accept, or both reject under the same rule and field — except
 * in the cases that exercise one of the contract's declared differences ({@link Leniency}), where the
 * door must reject and the stream accept. Every declared difference has a case, so a new one cannot
 * be added to the contract without showing what it changes.
 */
class EventContractAgreementTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final EventValidator DOOR =
      new EventValidator(ValidationLimits.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC), () -> "generated-id");
  private static final EventNormalizer STREAM =
      new EventNormalizer(Duration.ofMinutes(10), EventContract.MAX_EVENT_NAME_LENGTH);

  /** One event; {@code difference} null means the two must agree. */
  record Case(String json, Leniency difference) {
    @Override
    public String toString() {
      String text = json.length() > 90 ? json.substring(0, 90) + "..." : json;
      return (difference == null ? "agree " : difference + " ") + text;
    }
  }

  static Stream<Case> cases() {
    String name201 = "e".repeat(EventContract.MAX_EVENT_NAME_LENGTH + 1);
    String id256 = "u".repeat(EventContract.MAX_ID_LENGTH + 1);
    return Stream.of(
        // both accept
        agree("{'event':'e','userId':'u'}"),
        agree("{'type':'identify','userId':'u','traits':{'plan':'pro'}}"),
        agree("{'type':'page','name':'Pricing','anonymousId':'a'}"),
        agree("{'type':'screen','userId':'u'}"),
        agree("{'type':'group','userId':'u','groupId':'g'}"),
        agree("{'type':'group','userId':'u','group_id':'g'}"),
        agree("{'type':'alias','userId':'u','previousId':'p'}"),
        agree("{'event':'e','user_id':'u','userId':'u'}"),
        agree("{'event':'e','userId':null,'anonymousId':'a'}"),
        agree("{'event':'e','userId':'u','timestamp':'2025-06-01T11:59:00Z','sentAt':'2025-06-01T11:59:30Z'}"),
        agree("{'event':'" + "e".repeat(EventContract.MAX_EVENT_NAME_LENGTH) + "','userId':'u'}"),
        agree("{'event':'e','userId':'" + "u".repeat(EventContract.MAX_ID_LENGTH) + "'}"),
        // both reject
        agree("{'event':'e'}"),
        agree("{'event':'e','userId':null,'anonymous_id':null}"),
        agree("{'userId':'u'}"),
        agree("{'type':'purchase','event':'e','userId':'u'}"),
        agree("{'event':{'n':1},'userId':'u'}"),
        agree("{'event':'" + name201 + "','userId':'u'}"),
        agree("{'type':'page','name':'" + name201 + "','userId':'u'}"),
        agree("{'event':'e','userId':'" + id256 + "'}"),
        agree("{'event':'e','userId':'u','timestamp':'2025-06-01T12:00:00'}"),
        agree("{'event':'e','userId':'u','sentAt':'soon'}"),
        agree("{'event':'e','userId':'u','timestamp':1748779200000}"),
        agree("{'event':'e','userId':'u','properties':[1]}"),
        agree("{'event':'e','userId':'u','context':'x'}"),
        agree("{'type':'identify','userId':'u','traits':'vip'}"),
        agree("{'event':'e','anonymousId':{}}"),
        agree("{'type':'group','userId':'u','groupId':42}"),
        agree("{'type':'alias','userId':'u','previousId':'" + id256 + "'}"),
        agree("[1,2]"),
        agree("{'event':'e','userId':'u','userId':'v'}"),
        // the declared differences: the door rejects, the stream accepts
        differ(Leniency.TYPE_CASE, "{'type':'Track','event':'e','userId':'u'}"),
        differ(Leniency.BLANK_AS_ABSENT, "{'event':'e','userId':'u','anonymousId':'  '}"),
        differ(Leniency.BLANK_AS_ABSENT, "{'type':'group','userId':'u','groupId':' '}"),
        differ(Leniency.PRIMARY_SPELLING_WINS, "{'event':'e','user_id':'a','userId':'b'}"),
        differ(Leniency.NUMERIC_IDENTITY, "{'event':'e','userId':42}"),
        differ(Leniency.CALL_IDS_OPTIONAL, "{'type':'group','userId':'u'}"),
        differ(Leniency.CALL_IDS_OPTIONAL, "{'type':'alias','userId':'u'}"),
        differ(Leniency.NO_CLOCK_BOUNDS, "{'event':'e','userId':'u','timestamp':'2100-01-01T00:00:00Z'}"),
        differ(Leniency.NO_CLOCK_BOUNDS, "{'event':'e','userId':'u','sentAt':'1971-01-01T00:00:00Z'}"),
        differ(Leniency.UNSTORED_FIELDS_IGNORED, "{'event':'e','userId':'u','messageId':123}"),
        differ(Leniency.UNSTORED_FIELDS_IGNORED, "{'event':'e','userId':'u','integrations':true}"),
        differ(Leniency.UNSTORED_FIELDS_IGNORED, "{'event':'e','userId':'u','originalTimestamp':'now'}"),
        differ(Leniency.NO_BODY_LIMITS, "{'event':'e','userId':'u','properties':{'note':'a\\u0000b'}}"));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void shouldAgreeExceptWhereTheContractSaysTheyDiffer(Case c) {
    Outcome door = door(c.json());
    Outcome stream = stream(c.json());

    if (c.difference() == null) {
      assertThat(stream).as("door said %s", door).isEqualTo(door);
    } else {
      assertThat(EventContract.STREAM.allows(c.difference())).isTrue();
      assertThat(EventContract.DOOR.allows(c.difference())).isFalse();
      assertThat(door.accepted()).as("door: %s", door).isFalse();
      assertThat(stream.accepted()).as("stream: %s", stream).isTrue();
    }
  }

  @Test
  void shouldShowEveryDeclaredDifferenceInACase() {
    Set<Leniency> shown = cases().map(Case::difference).filter(d -> d != null)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Leniency.class)));

    assertThat(shown).containsExactlyInAnyOrder(Leniency.values());
  }

  @Test
  void shouldAgreeOnTheCallTypes() {
    assertThat(EventValidator.TYPES).isEqualTo(EventNormalizer.TYPES).isEqualTo(EventContract.CALL_TYPES);
  }

  /** Accepted, or rejected under a rule at a field ({@code $} and null both mean the whole event). */
  record Outcome(boolean accepted, Rule rule, String field) {
    static final Outcome ACCEPTED = new Outcome(true, null, null);

    static Outcome rejected(Rule rule, String field) {
      // the door names the JSON path of a malformed payload; the stream names no field for it
      boolean whole = field == null || field.equals("$") || rule.kind() == Rule.Kind.MALFORMED;
      return new Outcome(false, rule, whole ? "$" : field);
    }
  }

  private static Outcome door(String json) {
    ParsedBody body = EventJson.parseBody(text(json).getBytes(StandardCharsets.UTF_8));
    ValidationResult result = body instanceof ParsedBody.Json j ? DOOR.validate(j.node())
        : ((ParsedBody.Malformed) body).reason();
    return result instanceof ValidationResult.Rejected r ? Outcome.rejected(r.rule(), r.field()) : Outcome.ACCEPTED;
  }

  private static Outcome stream(String json) {
    NormalizeResult result = STREAM.normalize(RawEvent.newBuilder()
        .setEventId("raw-id").setSource("test").setReceivedAt(NOW).setPayload(text(json)).build());
    return result instanceof NormalizeResult.Rejected r ? Outcome.rejected(r.rule(), r.field()) : Outcome.ACCEPTED;
  }

  private static String text(String json) {
    return json.replace('\'', '"');
  }

  private static Case agree(String json) {
    return new Case(json, null);
  }

  private static Case differ(Leniency difference, String json) {
    return new Case(json, difference);
  }
}
