package dev.tributary.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.event.Rule;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.RawEvent;
import dev.tributary.testsupport.TestRecords;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventNormalizerTest {

  private static final Instant RECEIVED = Instant.parse("2024-05-01T12:00:00Z");
  private static final Duration TOLERANCE = Duration.ofMinutes(10);

  private final EventNormalizer normalizer = new EventNormalizer(TOLERANCE, 20);

  @Test
  void shouldDefaultTypeToTrack() {
    assertThat(accept("{\"event\":\"e\",\"user_id\":\"u\"}").getType()).isEqualTo("track");
  }

  @Test
  void shouldLowerCaseType() {
    assertThat(accept("{\"type\":\"Track\",\"event\":\"e\",\"user_id\":\"u\"}").getType()).isEqualTo("track");
  }

  @Test
  void shouldAcceptCamelCaseIdentities() {
    CleanEvent e = accept("{\"event\":\"e\",\"userId\":\"u\",\"anonymousId\":\"a\"}");
    assertThat(e.getUserId()).isEqualTo("u");
    assertThat(e.getAnonymousId()).isEqualTo("a");
  }

  @Test
  void shouldPreferSnakeCaseWhenBothSpellingsArePresent() {
    assertThat(accept("{\"event\":\"e\",\"user_id\":\"snake\",\"userId\":\"camel\"}").getUserId()).isEqualTo("snake");
  }

  @Test
  void shouldAcceptIntegerUserId() {
    assertThat(accept("{\"event\":\"e\",\"user_id\":42}").getUserId()).isEqualTo("42");
  }

  @Test
  void shouldTakeEventIdFromRawEventNotFromPayload() {
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\",\"messageId\":\"client-id\",\"event_id\":\"other\"}");
    assertThat(e.getEventId()).isEqualTo("raw-id");
  }

  @Test
  void shouldCarrySourceAndReceivedAtFromRawEvent() {
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\"}");
    assertThat(e.getSource()).isEqualTo("web");
    assertThat(e.getReceivedAt()).isEqualTo(RECEIVED);
  }

  @Test
  void shouldCarryTheBackfillMarkOfAnImportedEvent() {
    RawEvent imported = RawEvent.newBuilder(raw("{\"event\":\"e\",\"user_id\":\"u\"}")).setBackfill(true).build();
    NormalizeResult result = normalizer.normalize(imported);
    assertThat(((NormalizeResult.Accepted) result).event().getBackfill()).isTrue();
    assertThat(accept("{\"event\":\"e\",\"user_id\":\"u\"}").getBackfill()).isNull();
  }

  @Test
  void shouldCorrectClockSkewWithSentAt() {
    // client clock 2 h behind: timestamp and sent_at 30 s apart
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":\"2024-05-01T09:59:30Z\","
        + "\"sent_at\":\"2024-05-01T10:00:00Z\"}");
    assertThat(e.getTimestamp()).isEqualTo(RECEIVED.minusSeconds(30));
    assertThat(e.getOriginalTimestamp()).isEqualTo(Instant.parse("2024-05-01T09:59:30Z"));
    assertThat(e.getSentAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @Test
  void shouldAcceptCamelCaseSentAt() {
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":\"2024-05-01T09:59:30Z\","
        + "\"sentAt\":\"2024-05-01T10:00:00Z\"}");
    assertThat(e.getTimestamp()).isEqualTo(RECEIVED.minusSeconds(30));
  }

  @Test
  void shouldUseClientTimestampWhenThereIsNoSentAt() {
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":\"2024-05-01T13:59:30+02:00\"}");
    assertThat(e.getTimestamp()).isEqualTo(Instant.parse("2024-05-01T11:59:30Z"));
  }

  @Test
  void shouldUseReceivedAtWhenThereIsNoTimestamp() {
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\",\"sent_at\":\"2024-05-01T10:00:00Z\"}");
    assertThat(e.getTimestamp()).isEqualTo(RECEIVED);
    assertThat(e.getOriginalTimestamp()).isNull();
  }

  @Test
  void shouldKeepEventTimeWithinToleranceAfterReceivedAt() {
    Instant ahead = RECEIVED.plus(TOLERANCE);
    assertThat(accept("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":\"" + ahead + "\"}").getTimestamp())
        .isEqualTo(ahead);
  }

  @Test
  void shouldReplaceEventTimeBeyondToleranceWithReceivedAtButKeepOriginal() {
    Instant ahead = RECEIVED.plus(TOLERANCE).plusMillis(1);
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":\"" + ahead + "\"}");
    assertThat(e.getTimestamp()).isEqualTo(RECEIVED);
    assertThat(e.getOriginalTimestamp()).isEqualTo(ahead);
  }

  @Test
  void shouldRejectEventTimeBeforeTheEpoch() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":\"1969-12-31T23:59:59Z\"}",
        DeadLetterReason.INVALID_FIELD, "timestamp");
  }

  @Test
  void shouldRejectMalformedJson() {
    NormalizeResult.Rejected r = reject("{\"event\":\"e\",");
    assertThat(r.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(r.field()).isNull();
    assertThat(r.detail()).contains("line 1");
  }

  @Test
  void shouldRejectTrailingGarbageAsMalformedJson() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"u\"} x", DeadLetterReason.MALFORMED_JSON, null);
  }

  @Test
  void shouldRejectDuplicateKeysAsMalformedJson() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"u\",\"user_id\":\"v\"}", DeadLetterReason.MALFORMED_JSON, null);
  }

  @Test
  void shouldRejectPayloadThatIsNotAnObject() {
    assertThat(reject("[1,2]").detail()).contains("JSON object");
  }

  @Test
  void shouldRejectEmptyPayload() {
    assertRejected("", DeadLetterReason.MALFORMED_JSON, null);
  }

  @Test
  void shouldRejectTrackCallWithoutEventName() {
    assertRejected("{\"user_id\":\"u\"}", DeadLetterReason.MISSING_FIELD, "event");
  }

  @Test
  void shouldRejectBlankEventName() {
    assertRejected("{\"event\":\"  \",\"user_id\":\"u\"}", DeadLetterReason.MISSING_FIELD, "event");
  }

  @Test
  void shouldRejectEventNameThatIsNotAString() {
    assertRejected("{\"event\":7,\"user_id\":\"u\"}", DeadLetterReason.INVALID_FIELD, "event");
  }

  @Test
  void shouldRejectEventNameLongerThanTheLimit() {
    NormalizeResult.Rejected r = reject("{\"event\":\"" + "x".repeat(21) + "\",\"user_id\":\"u\"}");
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
    assertThat(r.detail()).contains("at most 20");
  }

  @Test
  void shouldNameIdentifyCallAfterItsType() {
    assertThat(accept("{\"type\":\"identify\",\"user_id\":\"u\"}").getEvent()).isEqualTo("identify");
  }

  @Test
  void shouldNamePageCallAfterThePageName() {
    assertThat(accept("{\"type\":\"page\",\"name\":\"Pricing\",\"user_id\":\"u\"}").getEvent()).isEqualTo("Pricing");
  }

  @Test
  void shouldRejectUnknownType() {
    assertRejected("{\"type\":\"purchase\",\"event\":\"e\",\"user_id\":\"u\"}", DeadLetterReason.INVALID_FIELD, "type");
  }

  @Test
  void shouldRejectEventWithoutIdentity() {
    assertRejected("{\"event\":\"e\"}", DeadLetterReason.MISSING_FIELD, "user_id");
  }

  @Test
  void shouldTreatBlankIdentitiesAsMissing() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"\",\"anonymous_id\":null}", DeadLetterReason.MISSING_FIELD, "user_id");
  }

  @Test
  void shouldRejectIdentityThatIsAnObject() {
    assertRejected("{\"event\":\"e\",\"anonymousId\":{}}", DeadLetterReason.INVALID_FIELD, "anonymousId");
  }

  @Test
  void shouldRejectTimestampThatIsNotIso8601() {
    NormalizeResult.Rejected r = reject("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":\"01/05/2024\"}");
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
    assertThat(r.field()).isEqualTo("timestamp");
    assertThat(r.detail()).contains("ISO-8601");
  }

  @Test
  void shouldRejectTimestampWithoutOffset() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":\"2024-05-01T12:00:00\"}",
        DeadLetterReason.INVALID_FIELD, "timestamp");
  }

  @Test
  void shouldRejectNumericTimestamp() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"u\",\"timestamp\":1714564800000}",
        DeadLetterReason.INVALID_FIELD, "timestamp");
  }

  @Test
  void shouldRejectBadSentAtUnderTheSpellingTheClientUsed() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"u\",\"sentAt\":\"soon\"}", DeadLetterReason.INVALID_FIELD, "sentAt");
  }

  @Test
  void shouldRejectPropertiesThatAreNotAnObject() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"u\",\"properties\":[1]}", DeadLetterReason.INVALID_FIELD, "properties");
  }

  @Test
  void shouldRejectContextThatIsNotAnObject() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"u\",\"context\":\"x\"}", DeadLetterReason.INVALID_FIELD, "context");
  }

  @Test
  void shouldWritePropertiesAndContextAsCompactJson() {
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\",\"properties\": { \"a\" : [1, 2] },\"context\":{ \"b\":null }}");
    assertThat(e.getProperties()).isEqualTo("{\"a\":[1,2]}");
    assertThat(e.getContext()).isEqualTo("{\"b\":null}");
  }

  @Test
  void shouldDefaultPropertiesAndContextToEmptyObjects() {
    CleanEvent e = accept("{\"event\":\"e\",\"user_id\":\"u\"}");
    assertThat(e.getProperties()).isEqualTo("{}");
    assertThat(e.getContext()).isEqualTo("{}");
  }

  @Test
  void shouldReadRevenueFromANumber() {
    assertThat(revenueOf("19.99")).isEqualTo(19.99);
  }

  @Test
  void shouldReadRevenueFromANumericString() {
    assertThat(revenueOf("\" 7.5 \"")).isEqualTo(7.5);
  }

  @Test
  void shouldIgnoreNonNumericRevenue() {
    assertThat(revenueOf("\"lots\"")).isNull();
  }

  @Test
  void shouldIgnoreNonFiniteRevenue() {
    assertThat(revenueOf("\"NaN\"")).isNull();
    assertThat(revenueOf("1e999")).isNull();
  }

  @Test
  void shouldHaveNoRevenueWhenPropertiesLackIt() {
    assertThat(accept("{\"event\":\"e\",\"user_id\":\"u\"}").getRevenue()).isNull();
  }

  @Test
  void shouldKeepTraitsOfIdentifyCallAsCompactJson() {
    CleanEvent e = accept("{\"type\":\"identify\",\"userId\":\"u\",\"traits\": { \"plan\" : \"pro\", \"seats\": 3 }}");
    assertThat(e.getTraits()).isEqualTo("{\"plan\":\"pro\",\"seats\":3}");
  }

  @Test
  void shouldLeaveTraitsAndIdsNullWhenAbsent() {
    CleanEvent e = accept("{\"type\":\"identify\",\"user_id\":\"u\"}");
    assertThat(e.getTraits()).isNull();
    assertThat(e.getGroupId()).isNull();
    assertThat(e.getPreviousId()).isNull();
  }

  @Test
  void shouldTreatNullTraitsAsAbsent() {
    assertThat(accept("{\"type\":\"identify\",\"user_id\":\"u\",\"traits\":null}").getTraits()).isNull();
  }

  @Test
  void shouldRejectTraitsThatAreNotAnObject() {
    assertRejected("{\"type\":\"identify\",\"user_id\":\"u\",\"traits\":[\"pro\"]}",
        DeadLetterReason.INVALID_FIELD, "traits");
  }

  @Test
  void shouldKeepTraitsAndGroupIdOfGroupCall() {
    CleanEvent e = accept("{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"acme\",\"traits\":{\"name\":\"Acme\"}}");
    assertThat(e.getGroupId()).isEqualTo("acme");
    assertThat(e.getTraits()).isEqualTo("{\"name\":\"Acme\"}");
  }

  @Test
  void shouldAcceptSnakeCaseGroupId() {
    assertThat(accept("{\"type\":\"group\",\"user_id\":\"u\",\"group_id\":\"acme\"}").getGroupId()).isEqualTo("acme");
  }

  @Test
  void shouldKeepPreviousIdOfAliasCall() {
    assertThat(accept("{\"type\":\"alias\",\"userId\":\"u\",\"previousId\":\"anon-7\"}").getPreviousId())
        .isEqualTo("anon-7");
  }

  @Test
  void shouldAcceptSnakeCasePreviousId() {
    assertThat(accept("{\"type\":\"alias\",\"user_id\":\"u\",\"previous_id\":\"anon-7\"}").getPreviousId())
        .isEqualTo("anon-7");
  }

  @Test
  void shouldTreatBlankGroupIdAsAbsent() {
    // EventContract.Leniency.BLANK_AS_ABSENT (was: dead letter INVALID_FIELD groupId)
    assertThat(accept("{\"type\":\"group\",\"user_id\":\"u\",\"groupId\":\" \"}").getGroupId()).isNull();
  }

  @Test
  void shouldRejectGroupIdThatIsNotAString() {
    assertRejected("{\"type\":\"group\",\"user_id\":\"u\",\"group_id\":42}", DeadLetterReason.INVALID_FIELD, "group_id");
  }

  @Test
  void shouldTreatEmptyPreviousIdAsAbsent() {
    // EventContract.Leniency.BLANK_AS_ABSENT (was: dead letter INVALID_FIELD previous_id)
    assertThat(accept("{\"type\":\"alias\",\"user_id\":\"u\",\"previous_id\":\"\"}").getPreviousId()).isNull();
  }

  @Test
  void shouldNameTheContractRuleInTheDeadLetter() {
    NormalizeResult.Rejected r = reject("{\"event\":\"" + "x".repeat(21) + "\",\"user_id\":\"u\"}");
    assertThat(r.rule()).isEqualTo(Rule.MAX_LENGTH);
    assertThat(r.detail()).endsWith("(rule max_length)");
  }

  @Test
  void shouldDeadLetterDuplicateKeysUnderTheDuplicateKeyRule() {
    assertThat(reject("{\"event\":\"e\",\"user_id\":\"u\",\"user_id\":\"v\"}").rule()).isEqualTo(Rule.DUPLICATE_KEY);
  }

  @Test
  void shouldUseTheNextSpellingWhenThePrimaryOneIsBlank() {
    assertThat(accept("{\"event\":\"e\",\"user_id\":\" \",\"userId\":\"u\"}").getUserId()).isEqualTo("u");
  }

  @Test
  void shouldRejectIdentityLongerThanTheContractLimit() {
    assertRejected("{\"event\":\"e\",\"user_id\":\"" + "u".repeat(EventNormalizer.MAX_ID_LENGTH + 1) + "\"}",
        DeadLetterReason.INVALID_FIELD, "user_id");
  }

  @Test
  void shouldLimitTheNameOfAPageCallLikeAnEventName() {
    assertRejected("{\"type\":\"page\",\"name\":\"" + "p".repeat(21) + "\",\"user_id\":\"u\"}",
        DeadLetterReason.INVALID_FIELD, "name");
  }

  @Test
  void shouldAcceptPreviousIdOfExactlyTheMaximumLength() {
    String longest = "p".repeat(EventNormalizer.MAX_ID_LENGTH);
    assertThat(accept("{\"type\":\"alias\",\"user_id\":\"u\",\"previousId\":\"" + longest + "\"}").getPreviousId())
        .isEqualTo(longest);
  }

  @Test
  void shouldRejectPreviousIdLongerThanTheMaximumLength() {
    NormalizeResult.Rejected r = reject("{\"type\":\"alias\",\"user_id\":\"u\",\"previousId\":\""
        + "p".repeat(EventNormalizer.MAX_ID_LENGTH + 1) + "\"}");
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
    assertThat(r.field()).isEqualTo("previousId");
    assertThat(r.detail()).contains("at most 255");
  }

  @Test
  void shouldNameScreenCallAfterTheScreenName() {
    assertThat(accept("{\"type\":\"screen\",\"name\":\"Home\",\"category\":\"Main\",\"user_id\":\"u\"}").getEvent())
        .isEqualTo("Home");
  }

  private Double revenueOf(String json) {
    return accept("{\"event\":\"e\",\"user_id\":\"u\",\"properties\":{\"revenue\":" + json + "}}").getRevenue();
  }

  @Test
  void shouldDeadLetterATrackEventThatTheTrackingPlanDoesNotList() {
    EventNormalizer planned = new EventNormalizer(TOLERANCE, 20, java.util.Set.of("page_viewed", "signup"));

    NormalizeResult result = planned.normalize(raw("{\"event\":\"checkout_started\",\"user_id\":\"u\"}"));

    assertThat(result).isInstanceOf(NormalizeResult.Rejected.class);
    NormalizeResult.Rejected r = (NormalizeResult.Rejected) result;
    assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
    assertThat(r.field()).isEqualTo("event");
    assertThat(r.detail()).contains("not_in_tracking_plan").contains("`checkout_started`").contains("tracking.plan.events");
    assertThat(planned.normalize(raw("{\"event\":\"signup\",\"user_id\":\"u\"}")))
        .isInstanceOf(NormalizeResult.Accepted.class);
    assertThat(planned.normalize(raw("{\"type\":\"page\",\"name\":\"Pricing\",\"user_id\":\"u\"}")))
        .as("only track events are checked against the plan").isInstanceOf(NormalizeResult.Accepted.class);
  }

  private CleanEvent accept(String payload) {
    NormalizeResult result = normalizer.normalize(raw(payload));
    assertThat(result).isInstanceOf(NormalizeResult.Accepted.class);
    return ((NormalizeResult.Accepted) result).event();
  }

  private NormalizeResult.Rejected reject(String payload) {
    NormalizeResult result = normalizer.normalize(raw(payload));
    assertThat(result).isInstanceOf(NormalizeResult.Rejected.class);
    return (NormalizeResult.Rejected) result;
  }

  private void assertRejected(String payload, DeadLetterReason reason, String field) {
    NormalizeResult.Rejected r = reject(payload);
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.field()).isEqualTo(field);
    if (field != null) {
      assertThat(r.detail()).contains(field);
    }
  }

  private static RawEvent raw(String payload) {
    return TestRecords.rawEvent("raw-id", RECEIVED, payload);
  }
}
