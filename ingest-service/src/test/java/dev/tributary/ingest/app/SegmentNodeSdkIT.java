package dev.tributary.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.events.RawEvent;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.testsupport.SegmentNodeSdk;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test: the official, unmodified Segment Node SDK ({@code @segment/analytics-node}
 * from npm) pointed at the collector delivers track/identify/page/screen/group/alias calls, and they
 * land in the raw topic with their type, names, identities, messageId as event id, properties and
 * traits. Needs node and npm on the PATH: without them the test fails, it is never skipped.
 */
class SegmentNodeSdkIT {

  private static final String KEY = "sdk-write-key-" + UUID.randomUUID();

  @Test
  void shouldStoreEveryCallSentByTheOfficialSegmentNodeSdk() throws Exception {
    String runId = UUID.randomUUID().toString().substring(0, 8);
    String topic = "events.raw.sdk-" + runId;
    try (IngestApplication app = IngestApplication.start(settings(topic))) {
      SegmentNodeSdk.sendAllCallTypes("http://127.0.0.1:" + app.port(), KEY, runId);

      List<ConsumerRecord<String, RawEvent>> records = RawTopicReader.readUntil(TestKafka.bootstrapServers(),
          TestRegistry.url(), topic, Duration.ofSeconds(30), r -> r.size() >= 6);
      assertThat(records).hasSize(6);
      Map<String, RawEvent> byId = records.stream().map(ConsumerRecord::value)
          .collect(Collectors.toMap(RawEvent::getEventId, Function.identity()));
      assertThat(byId).containsOnlyKeys(List.of("track", "identify", "page", "screen", "group", "alias").stream()
          .map(kind -> kind + "-" + runId).toList());
      records.forEach(r -> assertThat(r.value().getSource()).isEqualTo("node-sdk"));
      records.forEach(r -> assertThat(r.value().getPayload()).doesNotContain(KEY).doesNotContain("writeKey"));

      JsonNode track = payload(byId, "track-" + runId);
      assertThat(track.get("type").textValue()).isEqualTo("track");
      assertThat(track.get("event").textValue()).isEqualTo("Order Completed");
      assertThat(track.get("userId").textValue()).isEqualTo("user-" + runId);
      assertThat(track.get("messageId").textValue()).isEqualTo("track-" + runId);
      assertThat(track.get("event_id").textValue()).isEqualTo("track-" + runId);
      assertThat(track.at("/properties/revenue").decimalValue()).isEqualByComparingTo("19.9");
      assertThat(track.at("/properties/items/0/sku").textValue()).isEqualTo("A-1");
      assertThat(track.at("/context/locale").textValue()).isEqualTo("de-DE");
      assertThat(track.at("/context/library/name").textValue()).isEqualTo("@segment/analytics-node");
      assertThat(track.get("timestamp").isTextual()).isTrue();
      assertThat(track.get("sentAt").isTextual()).as("batch-level sentAt injected into the item").isTrue();

      JsonNode identify = payload(byId, "identify-" + runId);
      assertThat(identify.get("type").textValue()).isEqualTo("identify");
      assertThat(identify.get("userId").textValue()).isEqualTo("user-" + runId);
      assertThat(identify.at("/traits/email").textValue()).isEqualTo("ada@example.com");
      assertThat(identify.at("/traits/plan").textValue()).isEqualTo("pro");

      JsonNode page = payload(byId, "page-" + runId);
      assertThat(page.get("type").textValue()).isEqualTo("page");
      assertThat(page.get("anonymousId").textValue()).isEqualTo("anon-" + runId);
      assertThat(page.get("name").textValue()).isEqualTo("Pricing");
      assertThat(page.at("/properties/path").textValue()).isEqualTo("/pricing");
      assertThat(records).filteredOn(r -> r.value().getEventId().equals("page-" + runId))
          .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("anon-" + runId));

      assertThat(payload(byId, "screen-" + runId).get("type").textValue()).isEqualTo("screen");
      assertThat(payload(byId, "group-" + runId).get("groupId").textValue()).isEqualTo("org-" + runId);
      assertThat(payload(byId, "alias-" + runId).get("previousId").textValue()).isEqualTo("anon-" + runId);
    }
  }

  private static JsonNode payload(Map<String, RawEvent> byId, String id) throws Exception {
    return EventJson.parse(byId.get(id).getPayload().getBytes(StandardCharsets.UTF_8));
  }

  private static IngestSettings settings(String topic) {
    return IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), Map.of(
        "ingest.write.keys", KEY + ":node-sdk",
        "http.host", "127.0.0.1",
        "http.port", "0",
        "kafka.bootstrap.servers", TestKafka.bootstrapServers(),
        "schema.registry.url", TestRegistry.url(),
        "topic.raw", topic)));
  }
}
