package dev.tributary.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.ingest.webhook.WebhookMapping;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class WebhookSourcesTest {

  @Test
  void shouldParseSourcesWithRotatedSecretsAndDefaultMapping() {
    WebhookSources sources = WebhookSources.parse("stripe:whsec_new|whsec_old, crm:s3cr3t", "");

    assertThat(sources.names()).containsExactlyInAnyOrder("stripe", "crm");
    assertThat(sources.source("stripe").orElseThrow().secrets())
        .extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("whsec_new", "whsec_old");
    assertThat(sources.source("crm").orElseThrow().mapping()).isEqualTo(WebhookMapping.DEFAULT);
    assertThat(sources.source("github")).isEmpty();
  }

  @Test
  void shouldApplyMappingEntriesPerSource() {
    WebhookSources sources = WebhookSources.parse("stripe:a,crm:b",
        "stripe.user_id=/data/object/customer,stripe.timestamp=/created,crm.event_id=,crm.event=/kind");

    WebhookMapping stripe = sources.source("stripe").orElseThrow().mapping();
    WebhookMapping crm = sources.source("crm").orElseThrow().mapping();
    assertThat(stripe.userId()).contains(JsonPointer.compile("/data/object/customer"));
    assertThat(stripe.timestamp()).contains(JsonPointer.compile("/created"));
    assertThat(crm.eventId()).isEqualTo(Optional.empty());
    assertThat(crm.event()).isEqualTo(JsonPointer.compile("/kind"));
  }

  @Test
  void shouldHaveNoSourcesWhenSecretsEmpty() {
    assertThat(WebhookSources.parse("", "").names()).isEmpty();
  }

  @Test
  void shouldRefuseMalformedSecretsWithoutEchoingThem() {
    assertThatThrownBy(() -> WebhookSources.parse("stripe-top-secret", "")).hasMessageNotContaining("top-secret")
        .hasMessageContaining("entry 1");
    assertThatThrownBy(() -> WebhookSources.parse("Bad Name:top-secret", "")).hasMessageNotContaining("top-secret")
        .hasMessageContaining("source name");
    assertThatThrownBy(() -> WebhookSources.parse("a:x,a:top-secret", "")).hasMessageNotContaining("top-secret")
        .hasMessageContaining("repeats source a");
    assertThatThrownBy(() -> WebhookSources.parse("a:top-secret|", "")).hasMessageNotContaining("top-secret")
        .hasMessageContaining("empty secret");
  }

  @Test
  void shouldRefuseMappingOfUnknownSourceOrTarget() {
    assertThatThrownBy(() -> WebhookSources.parse("stripe:a", "github.event=/action"))
        .hasMessageContaining("source 'github'").hasMessageContaining("ingest.webhook.secrets");
    assertThatThrownBy(() -> WebhookSources.parse("stripe:a", "stripe.revenue=/amount"))
        .hasMessageContaining("target 'revenue'");
    assertThatThrownBy(() -> WebhookSources.parse("stripe:a", "stripe.user_id=customer"))
        .hasMessageContaining("JSON pointer");
    assertThatThrownBy(() -> WebhookSources.parse("stripe:a", "stripe.event="))
        .hasMessageContaining("event name needs a pointer");
  }

  @Test
  void shouldLoadWebhookSettingsAndHideSecretsEverywhere() {
    LayeredConfig config = LayeredConfig.load(IngestSettings.definition(), Map.of("INGEST_WEBHOOK_SECRETS",
        "stripe:whsec_top_secret"), Map.of("ingest.write.keys", "k:src", "ingest.webhook.tolerance.ms", "60000"));

    IngestSettings settings = IngestSettings.from(config);

    assertThat(settings.webhooks().names()).containsExactly("stripe");
    assertThat(settings.webhookTolerance()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.toString()).contains("stripe").doesNotContain("whsec_top_secret");
    assertThat(config.describe()).doesNotContain("whsec_top_secret");
  }

  @Test
  void shouldDefaultToNoSourcesAndFiveMinuteTolerance() {
    IngestSettings settings = IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(),
        Map.of("ingest.write.keys", "k:src")));

    assertThat(settings.webhooks().names()).isEmpty();
    assertThat(settings.webhookTolerance()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void shouldReportBadWebhookSettingsAsConfigErrorsNamingTheKey() {
    assertThatThrownBy(() -> IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(),
        Map.of("ingest.write.keys", "k:src", "ingest.webhook.secrets", "no-colon-top-secret"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.webhook.secrets")
        .hasMessageNotContaining("top-secret");
    assertThatThrownBy(() -> IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(),
        Map.of("ingest.write.keys", "k:src", "ingest.webhook.secrets", "a:b", "ingest.webhook.mappings", "c.event=/x"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.webhook.mappings");
  }
}
