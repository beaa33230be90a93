package dev.tributary.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.event.EventContract.Strictness;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventFieldsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldAcceptEverySpellingOfAField() {
    assertThat(door("{'userId':'u'}").identity(EventContract.USER_ID)).contains("u");
    assertThat(door("{'group_id':'g'}").id(EventContract.GROUP_ID)).contains("g");
    assertThat(door("{'sentAt':'2024-05-01T12:00:00Z'}").time(EventContract.SENT_AT))
        .contains(Instant.parse("2024-05-01T12:00:00Z"));
  }

  @Test
  void shouldTreatNullAsAbsentInBothReaders() {
    assertThat(door("{'userId':null}").identity(EventContract.USER_ID)).isEmpty();
    assertThat(stream("{'userId':null}").identity(EventContract.USER_ID)).isEmpty();
  }

  @Test
  void shouldRejectBlankAtTheDoorAndTreatItAsAbsentInTheStream() {
    assertThat(violation(door("{'event':' '}"), f -> f.eventName("track"))).extracting(EventViolation::rule)
        .isEqualTo(Rule.NOT_EMPTY);
    assertThat(violation(stream("{'event':' '}"), f -> f.eventName("track"))).extracting(EventViolation::rule)
        .isEqualTo(Rule.REQUIRED);
  }

  @Test
  void shouldRejectDisagreeingSpellingsAtTheDoorAndTakeThePrimaryOneInTheStream() {
    EventViolation v = violation(door("{'user_id':'a','userId':'b'}"), f -> f.identity(EventContract.USER_ID));
    assertThat(v.field()).isEqualTo("userId");
    assertThat(v.rule()).isEqualTo(Rule.CONFLICT);
    assertThat(stream("{'user_id':'a','userId':'b'}").identity(EventContract.USER_ID)).contains("a");
  }

  @Test
  void shouldMatchTypeCaseOnlyInTheStream() {
    assertThat(violation(door("{'type':'Track'}"), EventFields::type).rule()).isEqualTo(Rule.ONE_OF);
    assertThat(stream("{'type':'Track'}").type()).isEqualTo("track");
  }

  @Test
  void shouldAcceptNumericIdentitiesOnlyInTheStream() {
    assertThat(violation(door("{'userId':42}"), f -> f.identity(EventContract.USER_ID)).rule()).isEqualTo(Rule.TYPE);
    assertThat(stream("{'userId':42}").identity(EventContract.USER_ID)).contains("42");
  }

  @Test
  void shouldRequireCallIdsOnlyAtTheDoor() {
    EventViolation v = violation(door("{}"), f -> f.requireCallIds("group"));
    assertThat(v.field()).isEqualTo("groupId");
    assertThat(v.rule()).isEqualTo(Rule.REQUIRED);
    assertThatCode(() -> stream("{}").requireCallIds("group")).doesNotThrowAnyException();
  }

  @Test
  void shouldLimitEventNamesByTheReadersLimit() {
    String name = "{'event':'" + "e".repeat(EventContract.MAX_EVENT_NAME_LENGTH + 1) + "'}";
    assertThat(violation(door(name), f -> f.eventName("track")).rule()).isEqualTo(Rule.MAX_LENGTH);
    Strictness longer = EventContract.STREAM.withMaxEventNameLength(EventContract.MAX_STREAM_EVENT_NAME_LENGTH);
    assertThat(new EventFields(object(name), longer).eventName("track")).hasSize(EventContract.MAX_EVENT_NAME_LENGTH + 1);
  }

  @Test
  void shouldNamePageAndScreenCallsAfterTheirNameAndOtherCallsAfterTheirType() {
    assertThat(door("{'name':'Pricing'}").eventName("page")).isEqualTo("Pricing");
    assertThat(door("{}").eventName("identify")).isEqualTo("identify");
    assertThat(violation(door("{}"), f -> f.eventName("track")).field()).isEqualTo("event");
  }

  @Test
  void shouldLimitIdsInBothReaders() {
    String id = "{'user_id':'" + "u".repeat(EventContract.MAX_ID_LENGTH + 1) + "'}";
    assertThat(violation(door(id), f -> f.identity(EventContract.USER_ID)).rule()).isEqualTo(Rule.MAX_LENGTH);
    assertThat(violation(stream(id), f -> f.identity(EventContract.USER_ID)).rule()).isEqualTo(Rule.MAX_LENGTH);
  }

  @Test
  void shouldRejectTimesWithoutOffsetInBothReaders() {
    assertThat(violation(door("{'timestamp':'2024-05-01T12:00:00'}"), f -> f.time(EventContract.TIMESTAMP)).rule())
        .isEqualTo(Rule.ISO8601);
    assertThat(violation(stream("{'timestamp':'2024-05-01T12:00:00'}"), f -> f.time(EventContract.TIMESTAMP)).rule())
        .isEqualTo(Rule.ISO8601);
  }

  @Test
  void shouldRejectObjectFieldsOfAnotherTypeNamingWhatWasSent() {
    EventViolation v = violation(stream("{'traits':[1]}"), f -> f.object(EventContract.TRAITS));
    assertThat(v.rule()).isEqualTo(Rule.TYPE);
    assertThat(v.getMessage()).isEqualTo("traits must be a JSON object, got an array");
  }

  @Test
  void shouldLetTheStreamAllowEveryLeniencyAndTheDoorNone() {
    for (EventContract.Leniency l : EventContract.Leniency.values()) {
      assertThat(EventContract.STREAM.allows(l)).as(l.name()).isTrue();
      assertThat(EventContract.DOOR.allows(l)).as(l.name()).isFalse();
    }
  }

  private interface Read {
    void apply(EventFields fields);
  }

  private static EventViolation violation(EventFields fields, Read read) {
    EventViolation v = catchThrowableOfType(EventViolation.class, () -> read.apply(fields));
    assertThat(v).as("expected a violation").isNotNull();
    return v;
  }

  private static EventFields door(String json) {
    return new EventFields(object(json), EventContract.DOOR);
  }

  private static EventFields stream(String json) {
    return new EventFields(object(json), EventContract.STREAM);
  }

  private static ObjectNode object(String json) {
    try {
      return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
