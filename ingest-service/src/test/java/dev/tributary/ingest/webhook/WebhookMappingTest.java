package dev.tributary.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.common.event.Rule;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.ingest.validation.EventValidator;
import dev.tributary.ingest.validation.ValidationLimits;
import dev.tributary.ingest.validation.ValidationResult;
import dev.tributary.ingest.validation.ValidationResult.Rejected;
import dev.tributary.ingest.webhook.WebhookMapping.Mapped;
import dev.tributary.ingest.webhook.WebhookMapping.Target;
import dev.tributary.ingest.webhook.WebhookMapping.Unmappable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookMappingTest {

  private static final String STRIPE = "{\"id\":\"evt_1N\",\"type\":\"invoice.paid\",\"created\":1748779200,"
      + "\"data\":{\"object\":{\"customer\":\"cus_9\",\"amount_paid\":1990}}}";
  private static final WebhookMapping STRIPE_MAPPING = WebhookMapping.DEFAULT
      .with(Target.USER_ID, "/data/object/customer").with(Target.TIMESTAMP, "/created");

  @Test
  void shouldMapStripeEventWithWholePayloadAsProperties() {
    ObjectNode event = mapped(STRIPE_MAPPING, "stripe", STRIPE);

    assertThat(event.get("type").textValue()).isEqualTo("track");
    assertThat(event.get("event").textValue()).isEqualTo("invoice.paid");
    assertThat(event.get("user_id").textValue()).isEqualTo("cus_9");
    assertThat(event.get("timestamp").textValue()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(event.get("properties")).isEqualTo(json(STRIPE));
    assertThat(event.get("event_id").textValue()).isEqualTo(WebhookEventIds.fromProviderId("stripe", "evt_1N"));
  }

  @Test
  void shouldGiveTwoDeliveriesOfSamePayloadSameEventId() {
    String first = mapped(STRIPE_MAPPING, "stripe", STRIPE).get("event_id").textValue();
    String second = mapped(STRIPE_MAPPING, "stripe", STRIPE).get("event_id").textValue();

    assertThat(second).isEqualTo(first);
    assertThat(UUID.fromString(first).version()).isEqualTo(8);
  }

  @Test
  void shouldDeriveSameEventIdFromBodyHashWhenMappingHasNoEventId() {
    WebhookMapping noId = WebhookMapping.DEFAULT.with(Target.EVENT_ID, "");
    String body = "{\"type\":\"contact.created\",\"email\":\"a@b.c\"}";

    String first = mapped(noId, "crm", body).get("event_id").textValue();
    String second = mapped(noId, "crm", body).get("event_id").textValue();
    String other = mapped(noId, "crm", "{\"type\":\"contact.created\",\"email\":\"x@y.z\"}").get("event_id").textValue();

    assertThat(second).isEqualTo(first).isEqualTo(WebhookEventIds.fromBody("crm", utf8(body)));
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void shouldGiveSameProviderIdDifferentEventIdsInDifferentSources() {
    assertThat(WebhookEventIds.fromProviderId("stripe", "evt_1")).isNotEqualTo(WebhookEventIds.fromProviderId("crm", "evt_1"));
    assertThat(WebhookEventIds.fromProviderId("a", "bc")).isNotEqualTo(WebhookEventIds.fromProviderId("ab", "c"));
  }

  @Test
  void shouldUseSourceAsAnonymousIdWhenMappingNamesNoIdentity() {
    ObjectNode event = mapped(WebhookMapping.DEFAULT, "crm", "{\"id\":7,\"type\":\"deal.won\"}");

    assertThat(event.get("anonymous_id").textValue()).isEqualTo("crm");
    assertThat(event.has("user_id")).isFalse();
    assertThat(event.get("event_id").textValue()).isEqualTo(WebhookEventIds.fromProviderId("crm", "7"));
  }

  @Test
  void shouldRefuseMissingMappedFieldNamingItsPointer() {
    Rejected rejected = unmappable(STRIPE_MAPPING, "stripe", "{\"id\":\"evt_2\",\"type\":\"ping\",\"created\":1748779200}");

    assertThat(rejected.field()).isEqualTo("/data/object/customer");
    assertThat(rejected.rule()).isEqualTo(Rule.REQUIRED);
    assertThat(rejected.message()).contains("user_id").contains("stripe");
  }

  @Test
  void shouldRefuseMissingDefaultEventName() {
    Rejected rejected = unmappable(WebhookMapping.DEFAULT, "crm", "{\"id\":\"1\"}");

    assertThat(rejected.field()).isEqualTo("/type");
    assertThat(rejected.rule()).isEqualTo(Rule.REQUIRED);
  }

  @Test
  void shouldRefuseEventNameOfWrongType() {
    Rejected rejected = unmappable(WebhookMapping.DEFAULT, "crm", "{\"id\":\"1\",\"type\":{\"a\":1}}");

    assertThat(rejected.field()).isEqualTo("/type");
    assertThat(rejected.rule()).isEqualTo(Rule.TYPE);
  }

  @Test
  void shouldRefuseUnreadableTimestampNamingItsPointer() {
    Rejected rejected = unmappable(STRIPE_MAPPING, "stripe", STRIPE.replace("1748779200", "\"yesterday\""));

    assertThat(rejected.field()).isEqualTo("/created");
    assertThat(rejected.rule()).isEqualTo(Rule.ISO8601);
  }

  @Test
  void shouldRefusePayloadThatIsNotAnObject() {
    Rejected rejected = unmappable(WebhookMapping.DEFAULT, "crm", "[1,2]");

    assertThat(rejected.rule()).isEqualTo(Rule.OBJECT);
  }

  @Test
  void shouldProduceEventTheDoorAccepts() {
    EventValidator validator = new EventValidator(new ValidationLimits(32_768, Duration.ofDays(1), Duration.ofDays(365), 32),
        Clock.fixed(Instant.parse("2025-06-01T12:00:05Z"), ZoneOffset.UTC));

    ValidationResult result = validator.validate(mapped(STRIPE_MAPPING, "stripe", STRIPE));

    assertThat(result).isInstanceOfSatisfying(ValidationResult.Accepted.class, accepted -> {
      assertThat(accepted.eventId()).isEqualTo(WebhookEventIds.fromProviderId("stripe", "evt_1N"));
      assertThat(accepted.identityKey()).isEqualTo("cus_9");
    });
  }

  @Test
  void shouldRefuseMappingWithoutEventNameOrWithNonPointer() {
    assertThatThrownBy(() -> WebhookMapping.DEFAULT.with(Target.EVENT, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookMapping.DEFAULT.with(Target.USER_ID, "data.customer"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON pointer");
  }

  private static ObjectNode mapped(WebhookMapping mapping, String source, String body) {
    WebhookMapping.Outcome outcome = mapping.map(source, json(body), utf8(body));
    assertThat(outcome).isInstanceOf(Mapped.class);
    return ((Mapped) outcome).event();
  }

  private static Rejected unmappable(WebhookMapping mapping, String source, String body) {
    JsonNode payload = json(body);
    WebhookMapping.Outcome outcome = mapping.map(source, payload, utf8(body));
    assertThat(outcome).isInstanceOf(Unmappable.class);
    return ((Unmappable) outcome).rejected();
  }

  private static JsonNode json(String s) {
    try {
      return EventJson.parse(utf8(s));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
