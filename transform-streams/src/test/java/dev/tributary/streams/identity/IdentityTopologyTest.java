package dev.tributary.streams.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.Person;
import dev.tributary.streams.sessions.PipelineDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTopologyTest {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir
  Path stateDir;

  private PipelineDriver pipeline;
  private final Map<String, Person> latest = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    pipeline = new PipelineDriver(stateDir, Map.of());
  }

  @AfterEach
  void close() {
    pipeline.close();
  }

  @Test
  void shouldMapAnAnonymousIdToTheUserItIdentifiesAs() {
    pipeline.send("a1", "e1", T0, "{\"type\":\"track\",\"event\":\"Viewed\",\"anonymousId\":\"a1\"}");
    identify("u1", "a1", "e2", T0.plusSeconds(60));

    Person anonymous = person("a:a1");
    assertThat(anonymous.getIdType()).isEqualTo("anonymous");
    assertThat(anonymous.getPersonId()).isEqualTo("u1");
    assertThat(anonymous.getLinkedTo()).isEqualTo("u1");
    assertThat(anonymous.getFirstSeen()).isEqualTo(T0.plusSeconds(60));
    assertThat(person("u:u1").getPersonId()).isEqualTo("u1");
    assertThat(person("u:u1").getLinkedTo()).isNull();
  }

  @Test
  void shouldLetTheLatestIdentifyWinForAnAnonymousIdEvenWhenItArrivesFirst() {
    identify("u2", "a1", "e2", T0.plusSeconds(60));
    identify("u1", "a1", "e1", T0);

    Person anonymous = person("a:a1");
    assertThat(anonymous.getPersonId()).isEqualTo("u2");
    assertThat(anonymous.getFirstSeen()).isEqualTo(T0);
    assertThat(anonymous.getLastSeen()).isEqualTo(T0.plusSeconds(60));
    assertThat(anonymous.getMappedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void shouldMoveAnAnonymousIdToTheNewUserWhenALaterIdentifyNamesAnotherUser() {
    identify("u1", "a1", "e1", T0);
    identify("u2", "a1", "e2", T0.plusSeconds(60));

    assertThat(person("a:a1").getPersonId()).isEqualTo("u2");
  }

  @Test
  void shouldResolveAnAliasChainToItsRootAndMoveEverythingBelowTheAliasedUser() {
    identify("u1", "a1", "e1", T0);
    alias("u1", "u2", "e2", T0.plusSeconds(10));
    alias("u2", "u3", "e3", T0.plusSeconds(20));

    assertThat(person("a:a1").getPersonId()).isEqualTo("u3");
    assertThat(person("u:u1").getPersonId()).isEqualTo("u3");
    assertThat(person("u:u1").getLinkedTo()).isEqualTo("u2");
    assertThat(person("u:u2").getPersonId()).isEqualTo("u3");
    assertThat(person("u:u3").getPersonId()).isEqualTo("u3");
  }

  @Test
  void shouldRefuseAnAliasLoopAsATypedDeadLetterAndKeepTheGraph() {
    alias("u1", "u2", "e1", T0);
    alias("u2", "u3", "e2", T0.plusSeconds(10));
    alias("u3", "u1", "e3", T0.plusSeconds(20));

    List<DeadLetter> letters = pipeline.dlq.readValuesToList();
    assertThat(letters).hasSize(1);
    DeadLetter loop = letters.get(0);
    assertThat(loop.getReason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
    assertThat(loop.getField()).isEqualTo("previous_id");
    assertThat(loop.getStage()).isEqualTo(IdentityGraph.STAGE);
    assertThat(loop.getDetail()).contains("alias loop").contains("u3").contains("u1");
    assertThat(loop.getEventId()).isEqualTo("e3");
    assertThat(loop.getSourceTopic()).isEqualTo("events.raw");
    assertThat(StandardCharsets.UTF_8.decode(loop.getRawPayload()).toString()).contains("\"e3\"");
    assertThat(person("u:u1").getPersonId()).isEqualTo("u3");
    assertThat(person("u:u3").getLinkedTo()).isNull();
    assertThat(pipeline.clean.readValuesToList()).hasSize(3); // the alias calls themselves stay events
  }

  @Test
  void shouldRefuseAnAliasOfAUserToItself() {
    alias("u1", "u1", "e1", T0);

    assertThat(pipeline.dlq.readValue().getDetail()).contains("previous_id equals user_id");
    assertThat(pipeline.persons.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterAnAliasWithoutAPreviousId() {
    pipeline.send("u1", "e1", T0, "{\"type\":\"alias\",\"userId\":\"u1\"}");

    DeadLetter letter = pipeline.dlq.readValue();
    assertThat(letter.getReason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(letter.getField()).isEqualTo("previous_id");
    assertThat(letter.getStage()).isEqualTo(IdentityGraph.STAGE);
    assertThat(pipeline.persons.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterAnAliasWithoutAUserId() {
    pipeline.send("a1", "e1", T0, "{\"type\":\"alias\",\"anonymousId\":\"a1\",\"previousId\":\"u0\"}");

    DeadLetter letter = pipeline.dlq.readValue();
    assertThat(letter.getReason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(letter.getField()).isEqualTo("user_id");
  }

  @Test
  void shouldDeadLetterAnIdentifyWithoutAnyIdAtTheNormaliser() {
    pipeline.send("", "e1", T0, "{\"type\":\"identify\",\"traits\":{\"plan\":\"pro\"}}");

    DeadLetter letter = pipeline.dlq.readValue();
    assertThat(letter.getReason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(pipeline.clean.isEmpty()).isTrue();
    assertThat(pipeline.persons.isEmpty()).isTrue();
  }

  @Test
  void shouldLinkNothingForAnAnonymousIdentifyThatOnlyCarriesTraits() {
    pipeline.send("a1", "e1", T0, "{\"type\":\"identify\",\"anonymousId\":\"a1\",\"traits\":{\"plan\":\"pro\"}}");

    assertThat(pipeline.clean.readValuesToList()).hasSize(1);
    assertThat(pipeline.persons.isEmpty()).isTrue();
    assertThat(pipeline.dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepAnonymousAndUserIdsWithTheSameTextApart() {
    identify("x", "x", "e1", T0);

    assertThat(person("a:x").getPersonId()).isEqualTo("x");
    assertThat(person("u:x").getIdType()).isEqualTo("user");
    assertThat(pipeline.dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldWriteNoPersonsWhenIdentityIsOff() {
    pipeline.close();
    pipeline = new PipelineDriver(stateDir.resolve("off"), Map.of("identity.enabled", "false"));
    identify("u1", "a1", "e1", T0);

    assertThat(pipeline.persons.isEmpty()).isTrue();
    assertThat(pipeline.clean.readValuesToList()).hasSize(1);
  }

  private void identify(String userId, String anonymousId, String eventId, Instant at) {
    pipeline.send(userId, eventId, at, "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"anonymousId\":\""
        + anonymousId + "\"}");
  }

  private void alias(String previousId, String userId, String eventId, Instant at) {
    pipeline.send(userId, eventId, at, "{\"type\":\"alias\",\"userId\":\"" + userId + "\",\"previousId\":\""
        + previousId + "\"}");
  }

  private Person person(String key) {
    pipeline.persons.readKeyValuesToList().forEach(kv -> {
      assertThat(kv.key).isEqualTo(kv.value.getIdKey());
      latest.put(kv.key, kv.value);
    });
    assertThat(latest).containsKey(key);
    return latest.get(key);
  }
}
