package dev.tributary.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoEventsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void shouldBeReproducibleForTheSameSeed() {
    assertThat(new DemoEvents(7, CLOCK, 1000).batch(20)).isEqualTo(new DemoEvents(7, CLOCK, 1000).batch(20));
  }

  @Test
  void shouldProduceEveryEventNameOfTheFunnelWithPageViewsMostCommon() {
    List<Map<String, Object>> events = new DemoEvents(1, CLOCK, 1000).batch(5000);

    Map<Object, Long> counts = events.stream().filter(e -> !"identify".equals(e.get("type")))
        .collect(Collectors.groupingBy(e -> e.get("event"), Collectors.counting()));
    assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(DemoEvents.WEIGHTS.keySet());
    assertThat(counts.get("page_viewed")).isGreaterThan(counts.get("product_viewed"));
    assertThat(counts.get("add_to_cart")).isGreaterThan(counts.get("purchase"));
  }

  @Test
  void shouldGiveEveryEventAnIdentityAnIdAndATimestampNotAfterSentAt() {
    for (Map<String, Object> e : new DemoEvents(2, CLOCK, 1000).batch(500)) {
      assertThat(e.containsKey("user_id") || e.containsKey("anonymous_id")).as(e.toString()).isTrue();
      assertThat(e.get("event_id")).isNotNull();
      Instant ts = Instant.parse((String) e.get("timestamp"));
      assertThat(ts).isBeforeOrEqualTo(NOW).isAfter(NOW.minusSeconds(3));
      assertThat(e.get("sent_at")).isEqualTo(NOW.toString());
    }
  }

  @Test
  void shouldGivePurchasesPositiveRevenueAndAKnownUser() {
    List<Map<String, Object>> purchases = new DemoEvents(3, CLOCK, 1000).batch(3000).stream()
        .filter(e -> "purchase".equals(e.get("event"))).toList();

    assertThat(purchases).isNotEmpty().allSatisfy(e -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) e.get("properties");
      assertThat((BigDecimal) props.get("revenue")).isPositive();
      assertThat(e).containsKey("user_id");
    });
  }

  @Test
  void shouldSpreadEventsOverThousandsOfUsers() {
    Set<Object> users = new DemoEvents(4, CLOCK, 5000).batch(20_000).stream()
        .map(e -> e.getOrDefault("user_id", e.get("anonymous_id"))).collect(Collectors.toSet());

    assertThat(users).hasSizeGreaterThan(2000);
  }

  @Test
  void shouldWrapTheBatchForTheBatchEndpoint() {
    String json = new DemoEvents(5, CLOCK, 10).batchJson(2);

    assertThat(json).startsWith("{\"batch\":[{\"").contains("\"event\":").endsWith("}]}");
  }

  @Test
  void shouldIdentifyAVisitorWhoBrowsedAnonymouslyRightAfterTheirSignup() {
    List<Map<String, Object>> events = new DemoEvents(4, CLOCK, 1000).batch(20_000);

    List<Map<String, Object>> identifies = events.stream().filter(e -> "identify".equals(e.get("type"))).toList();
    assertThat(identifies).isNotEmpty().allSatisfy(call -> {
      assertThat(call.get("anonymous_id")).isEqualTo("anon-" + ((String) call.get("user_id")).substring(2));
      Map<String, Object> before = events.get(events.indexOf(call) - 1);
      assertThat(before).containsEntry("event", "signup").containsEntry("user_id", call.get("user_id"));
    });
    assertThat(events).hasSize(20_000);
  }

  @Test
  void shouldSendPageViewsAsPageCallsWithTheirPath() {
    List<Map<String, Object>> views = new DemoEvents(5, CLOCK, 1000).batch(500).stream()
        .filter(e -> "page_viewed".equals(e.get("event"))).toList();

    assertThat(views).isNotEmpty().allSatisfy(e -> {
      assertThat(e).containsEntry("type", "page");
      assertThat(((Map<?, ?>) e.get("properties")).get("path")).asString().startsWith("/");
    });
  }
}
