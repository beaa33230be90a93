package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.testsupport.SegmentNodeSdk;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #4's acceptance test: the official Segment Node SDK, pointed at the ingest URL and nothing
 * else changed, sends track/identify/page/screen/group/alias calls in batches, and each one is found
 * in ClickHouse's analyst view with the right fields.
 */
class SegmentSdkEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static InProcessPipeline pipeline;

  @BeforeAll
  static void startPipeline() {
    pipeline = InProcessPipeline.start("segment-" + UUID.randomUUID(), "node-sdk");
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldLandEveryCallOfTheOfficialSegmentNodeSdkInClickHouse() throws Exception {
    String runId = UUID.randomUUID().toString().substring(0, 8);

    SegmentNodeSdk.sendAllCallTypes(pipeline.ingestUrl(), pipeline.writeKey, runId);

    await("six SDK calls in events_v").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(pipeline.query("SELECT count() FROM {db}.events_v")).isEqualTo("6"));
    Map<String, JsonNode> rows = new HashMap<>();
    for (String line : pipeline.query("SELECT event_id, type, event, user_id, anonymous_id, source, revenue,"
        + " properties, context, traits, group_id, previous_id, timestamp_ms, received_at_ms FROM {db}.events_v"
        + " FORMAT JSONEachRow").split("\n")) {
      JsonNode row = JSON.readTree(line);
      rows.put(row.get("event_id").asText(), row);
    }
    assertThat(rows).containsOnlyKeys("track-" + runId, "identify-" + runId, "page-" + runId, "screen-" + runId,
        "group-" + runId, "alias-" + runId);
    rows.values().forEach(row -> assertThat(row.get("source").asText()).isEqualTo("node-sdk"));

    JsonNode track = rows.get("track-" + runId);
    assertThat(track.get("type").asText()).isEqualTo("track");
    assertThat(track.get("event").asText()).isEqualTo("Order Completed");
    assertThat(track.get("user_id").asText()).isEqualTo("user-" + runId);
    assertThat(track.get("revenue").asDouble()).isEqualTo(19.9);
    assertThat(JSON.readTree(track.get("properties").asText()).at("/items/0/sku").asText()).isEqualTo("A-1");
    JsonNode context = JSON.readTree(track.get("context").asText());
    assertThat(context.at("/locale").asText()).isEqualTo("de-DE");
    assertThat(context.at("/library/name").asText()).isEqualTo("@segment/analytics-node");
    // the SDK sends timestamp and sentAt from the same clock: the corrected time is close to receipt
    assertThat(Math.abs(track.get("timestamp_ms").asLong() - track.get("received_at_ms").asLong())).isLessThan(60_000);

    JsonNode page = rows.get("page-" + runId);
    assertThat(page.get("type").asText()).isEqualTo("page");
    assertThat(page.get("event").asText()).isEqualTo("Pricing");
    assertThat(page.get("anonymous_id").asText()).isEqualTo("anon-" + runId);
    assertThat(JSON.readTree(page.get("properties").asText()).at("/path").asText()).isEqualTo("/pricing");

    JsonNode identify = rows.get("identify-" + runId);
    assertThat(identify.get("type").asText()).isEqualTo("identify");
    assertThat(JSON.readTree(identify.get("traits").asText()).at("/email").asText()).isEqualTo("ada@example.com");
    assertThat(rows.get("screen-" + runId).get("event").asText()).isEqualTo("Home");
    JsonNode group = rows.get("group-" + runId);
    assertThat(group.get("group_id").asText()).isEqualTo("org-" + runId);
    assertThat(JSON.readTree(group.get("traits").asText()).at("/name").asText()).isEqualTo("Acme");
    JsonNode alias = rows.get("alias-" + runId);
    assertThat(alias.get("user_id").asText()).isEqualTo("user-" + runId);
    assertThat(alias.get("previous_id").asText()).isEqualTo("anon-" + runId);
  }
}
