package dev.tributary.bench.gen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.events.CleanEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventMixTest {

  private static final long NOW = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void shouldGenerateValidJsonEventsOfTwoToThreeHundredBytesOnAverage() throws Exception {
    EventMix mix = new EventMix(42);
    long bytes = 0;
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      GeneratedEvent e = mix.next(NOW);
      JsonNode node = json.readTree(e.json());
      assertThat(node.get("event").asText()).isEqualTo(e.name());
      assertThat(node.get("event_id").asText()).isEqualTo(e.eventId());
      assertThat(Instant.parse(node.get("sent_at").asText()).toEpochMilli()).isEqualTo(NOW);
      assertThat(node.get("properties").isObject()).isTrue();
      bytes += e.json().length();
    }
    assertThat(bytes / n).isBetween(200L, 300L);
  }

  @Test
  void shouldMixSevenEventNamesInFunnelOrderWithRevenueOnPurchasesOnly() {
    EventMix mix = new EventMix(7);
    Map<String, Integer> counts = new HashMap<>();
    Set<String> users = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      GeneratedEvent e = mix.next(NOW);
      counts.merge(e.name(), 1, Integer::sum);
      users.add(e.identity());
      assertThat(e.revenue() != null).isEqualTo(e.name().equals("purchase"));
      assertThat(e.userId() == null).isNotEqualTo(e.anonymousId() == null);
    }
    assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(EventMix.NAMES);
    assertThat(counts.get("page_viewed")).isGreaterThan(counts.get("product_viewed"));
    assertThat(counts.get("product_viewed")).isGreaterThan(counts.get("purchase"));
    assertThat(users).hasSizeGreaterThan(40_000);
  }

  @Test
  void shouldBeDeterministicForASeedAndUniqueInIds() {
    EventMix a = new EventMix(1);
    EventMix b = new EventMix(1);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      GeneratedEvent x = a.next(NOW);
      assertThat(b.next(NOW)).isEqualTo(x);
      assertThat(ids.add(x.eventId())).isTrue();
    }
  }

  @Test
  void shouldWrapEventsInABatchBody() throws Exception {
    EventMix mix = new EventMix(3);
    String body = EventMix.batchBody(List.of(mix.probe("probe-1", NOW), mix.next(NOW)));
    JsonNode batch = json.readTree(body).get("batch");
    assertThat(batch).hasSize(2);
    assertThat(batch.get(0).get("event").asText()).isEqualTo(EventMix.PROBE_EVENT);
    assertThat(batch.get(0).get("event_id").asText()).isEqualTo("probe-1");
  }

  @Test
  void shouldDeriveTheCleanEventWithSkewCorrectedTimestamp() {
    GeneratedEvent e = new EventMix(5).next(NOW);
    long received = NOW + 10_000; // the server's clock is 10 s ahead of the client's
    CleanEvent clean = EventMix.toClean(e, received);
    assertThat(clean.getTimestamp().toEpochMilli()).isEqualTo(received - (e.sentAtMs() - e.timestampMs()));
    assertThat(clean.getEventId()).isEqualTo(e.eventId());
    assertThat(clean.getProperties()).isEqualTo(e.propertiesJson());
    assertThat(EventMix.toRaw(e, received).getPayload()).isEqualTo(e.json());
  }
}
