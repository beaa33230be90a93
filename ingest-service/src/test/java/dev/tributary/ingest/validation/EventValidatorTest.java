package dev.tributary.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.ValidationResult.Accepted;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final ValidationLimits LIMITS = new ValidationLimits(1_000, Duration.ofHours(1), Duration.ofDays(10));
  private final EventValidator validator =
      new EventValidator(LIMITS, Clock.fixed(NOW, ZoneOffset.UTC), () -> "generated-id");

  @Test
  void shouldAcceptTrackEventWithNameAndUserId() {
    Accepted accepted = accept("{'event':'signup','user_id':'u1'}");

    assertThat(accepted.identityKey()).isEqualTo("u1");
    assertThat(accepted.eventId()).isEqualTo("generated-id");
  }

  @Test
  void shouldInjectGeneratedEventIdIntoPayload() {
    Accepted accepted = accept("{'event':'signup','user_id':'u1','properties':{'plan':'pro'}}");

    assertThat(parse(accepted.payload()).get("event_id").textValue()).isEqualTo("generated-id");
    assertThat(parse(accepted.payload()).get("properties").get("plan").textValue()).isEqualTo("pro");
  }

  @Test
  void shouldKeepClientEventIdAndPayloadUnchanged() {
    Accepted accepted = accept("{'event':'signup','user_id':'u1','event_id':'e-1'}");

    assertThat(accepted.eventId()).isEqualTo("e-1");
    assertThat(accepted.payload()).isEqualTo(q("{'event':'signup','user_id':'u1','event_id':'e-1'}"));
  }

  @Test
  void shouldUseMessageIdAsEventIdAndAddItToPayloadAsEventId() {
    Accepted accepted = accept("{'event':'signup','userId':'u1','messageId':'m-1'}");

    assertThat(accepted.eventId()).isEqualTo("m-1");
    assertThat(parse(accepted.payload()).get("event_id").textValue()).isEqualTo("m-1");
    assertThat(parse(accepted.payload()).get("messageId").textValue()).isEqualTo("m-1");
  }

  @Test
  void shouldGenerateEventIdWhenClientSentNull() {
    Accepted accepted = accept("{'event':'signup','user_id':'u1','event_id':null}");

    assertThat(accepted.eventId()).isEqualTo("generated-id");
    assertThat(parse(accepted.payload()).get("event_id").textValue()).isEqualTo("generated-id");
  }

  @Test
  void shouldKeepExactNumbersInPayload() {
    Accepted accepted = accept("{'event':'buy','user_id':'u1','event_id':'e','properties':{'revenue':19.90,'n':12345678901234567890}}");

    assertThat(accepted.payload()).contains("\"revenue\":19.90").contains("\"n\":12345678901234567890");
  }

  @Test
  void shouldRejectEventThatIsNotAnObject() {
    assertRejected("[1,2]", "$", Rule.OBJECT);
  }

  @Test
  void shouldRejectEventWithoutIdentity() {
    assertRejected("{'event':'signup'}", "user_id", Rule.REQUIRED);
  }

  @Test
  void shouldTreatNullIdentityAsAbsent() {
    assertRejected("{'event':'signup','userId':null,'anonymousId':null}", "user_id", Rule.REQUIRED);
  }

  @Test
  void shouldUseAnonymousIdAsKeyWithoutUserId() {
    assertThat(accept("{'event':'view','userId':null,'anonymous_id':'a1'}").identityKey()).isEqualTo("a1");
  }

  @Test
  void shouldPreferUserIdOverAnonymousIdAsKey() {
    assertThat(accept("{'event':'view','anonymousId':'a1','userId':'u1'}").identityKey()).isEqualTo("u1");
  }

  @Test
  void shouldRejectNonStringUserId() {
    assertRejected("{'event':'x','user_id':42}", "user_id", Rule.TYPE);
  }

  @Test
  void shouldRejectBlankAnonymousId() {
    assertRejected("{'event':'x','anonymousId':'  '}", "anonymousId", Rule.NOT_EMPTY);
  }

  @Test
  void shouldRejectUserIdLongerThan255Characters() {
    assertRejected("{'event':'x','user_id':'" + "u".repeat(256) + "'}", "user_id", Rule.MAX_LENGTH);
  }

  @Test
  void shouldAcceptUserIdOfExactly255Characters() {
    assertThat(accept("{'event':'x','user_id':'" + "u".repeat(255) + "'}").identityKey()).hasSize(255);
  }

  @Test
  void shouldRejectDifferingSpellingsOfUserId() {
    assertRejected("{'event':'x','user_id':'u1','userId':'u2'}", "userId", Rule.CONFLICT);
  }

  @Test
  void shouldRejectTrackEventWithoutName() {
    assertRejected("{'user_id':'u1'}", "event", Rule.REQUIRED);
  }

  @Test
  void shouldRejectExplicitTrackEventWithoutName() {
    assertRejected("{'type':'track','user_id':'u1'}", "event", Rule.REQUIRED);
  }

  @Test
  void shouldAcceptIdentifyEventWithoutName() {
    assertThat(accept("{'type':'identify','user_id':'u1','traits':{'a':1}}").identityKey()).isEqualTo("u1");
  }

  @Test
  void shouldRejectEmptyEventName() {
    assertRejected("{'event':'','user_id':'u1'}", "event", Rule.NOT_EMPTY);
  }

  @Test
  void shouldRejectNonStringEventName() {
    assertRejected("{'event':{'name':'x'},'user_id':'u1'}", "event", Rule.TYPE);
  }

  @Test
  void shouldRejectEventNameLongerThan200Characters() {
    assertRejected("{'event':'" + "e".repeat(201) + "','user_id':'u1'}", "event", Rule.MAX_LENGTH);
  }

  @Test
  void shouldCountEventNameLengthInCharactersNotBytes() {
    accept("{'event':'" + "é".repeat(200) + "','user_id':'u1'}");
  }

  @Test
  void shouldRejectUnknownType() {
    assertRejected("{'type':'purchase','event':'x','user_id':'u1'}", "type", Rule.ONE_OF);
  }

  @Test
  void shouldRejectNonStringType() {
    assertRejected("{'type':1,'event':'x','user_id':'u1'}", "type", Rule.TYPE);
  }

  @Test
  void shouldRejectEmptyEventId() {
    assertRejected("{'event':'x','user_id':'u1','event_id':''}", "event_id", Rule.NOT_EMPTY);
  }

  @Test
  void shouldRejectEventIdLongerThan255Characters() {
    assertRejected("{'event':'x','user_id':'u1','messageId':'" + "m".repeat(256) + "'}", "messageId", Rule.MAX_LENGTH);
  }

  @Test
  void shouldRejectDifferingEventIdAndMessageId() {
    assertRejected("{'event':'x','user_id':'u1','event_id':'a','messageId':'b'}", "messageId", Rule.CONFLICT);
  }

  @Test
  void shouldAcceptTimestampWithOffset() {
    accept("{'event':'x','user_id':'u1','timestamp':'2025-06-01T13:30:00.123+02:00'}");
  }

  @Test
  void shouldRejectUnparseableTimestamp() {
    assertRejected("{'event':'x','user_id':'u1','timestamp':'yesterday'}", "timestamp", Rule.ISO8601);
  }

  @Test
  void shouldRejectTimestampWithoutOffset() {
    assertRejected("{'event':'x','user_id':'u1','timestamp':'2025-06-01T12:00:00'}", "timestamp", Rule.ISO8601);
  }

  @Test
  void shouldRejectNumericTimestamp() {
    assertRejected("{'event':'x','user_id':'u1','timestamp':1748779200000}", "timestamp", Rule.TYPE);
  }

  @Test
  void shouldAcceptTimestampExactlyAtFutureLimit() {
    accept("{'event':'x','user_id':'u1','timestamp':'2025-06-01T13:00:00Z'}");
  }

  @Test
  void shouldRejectTimestampTooFarInFuture() {
    assertRejected("{'event':'x','user_id':'u1','timestamp':'2025-06-01T13:00:00.001Z'}", "timestamp", Rule.MAX_FUTURE);
  }

  @Test
  void shouldRejectTimestampTooFarInPast() {
    assertRejected("{'event':'x','user_id':'u1','timestamp':'2025-05-22T11:59:59Z'}", "timestamp", Rule.MAX_PAST);
  }

  @Test
  void shouldRejectUnparseableSentAt() {
    assertRejected("{'event':'x','user_id':'u1','sentAt':'2025-13-01T00:00:00Z'}", "sentAt", Rule.ISO8601);
  }

  @Test
  void shouldRejectSentAtTooFarInFuture() {
    assertRejected("{'event':'x','user_id':'u1','sent_at':'2025-06-03T00:00:00Z'}", "sent_at", Rule.MAX_FUTURE);
  }

  @Test
  void shouldRejectPropertiesThatAreNotAnObject() {
    assertRejected("{'event':'x','user_id':'u1','properties':[1]}", "properties", Rule.TYPE);
  }

  @Test
  void shouldRejectContextThatIsNotAnObject() {
    assertRejected("{'event':'x','user_id':'u1','context':'web'}", "context", Rule.TYPE);
  }

  @Test
  void shouldRejectEventLargerThanLimit() {
    String padding = "p".repeat(1_000);
    assertRejected("{'event':'x','user_id':'u1','properties':{'pad':'" + padding + "'}}", "$", Rule.MAX_BYTES);
  }

  @Test
  void shouldAcceptEventExactlyAtSizeLimit() {
    String skeleton = q("{'event':'x','user_id':'u1','properties':{'pad':''}}");
    String padding = "p".repeat(LIMITS.maxEventBytes() - skeleton.getBytes(StandardCharsets.UTF_8).length);
    accept("{'event':'x','user_id':'u1','properties':{'pad':'" + padding + "'}}");
  }

  @Test
  void shouldNotModifyTheInputWhenInjectingEventId() {
    JsonNode input = parse(q("{'event':'x','user_id':'u1'}"));

    validator.validate(input);

    assertThat(input.has("event_id")).isFalse();
  }

  private Accepted accept(String singleQuotedJson) {
    ValidationResult result = validator.validate(parse(q(singleQuotedJson)));
    assertThat(result).isInstanceOf(Accepted.class);
    return (Accepted) result;
  }

  private void assertRejected(String singleQuotedJson, String field, Rule rule) {
    ValidationResult result = validator.validate(parse(q(singleQuotedJson)));
    assertThat(result).isInstanceOf(Rejected.class);
    Rejected rejected = (Rejected) result;
    assertThat(rejected.field()).isEqualTo(field);
    assertThat(rejected.rule()).isEqualTo(rule);
    assertThat(rejected.message()).isNotBlank();
  }

  static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static JsonNode parse(String json) {
    try {
      return EventJson.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
