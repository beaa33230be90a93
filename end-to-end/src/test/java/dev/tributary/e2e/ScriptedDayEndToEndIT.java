package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import dev.tributary.warehouse.metrics.MetricDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A scripted day on the real stack (HTTP → Kafka → streams → sink → ClickHouse) whose answers are
 * known by hand: ten events of five identities, one identify that stitches an anonymous visitor to
 * a user, seven sessions, and one purchase that arrives after its minute was final. The views and
 * every catalogue metric must give exactly those numbers.
 *
 * <p>Times are relative to B, a minute six minutes ago (never before today's midnight, so the day
 * is one UTC day). Sessions end after one minute of inactivity here (and convert on
 * {@code purchase}), so a few minutes hold several sessions. Phase 1 sends every event that is in
 * time and waits until the metrics have counted them; phase 2 sends, as one identity, a purchase at
 * B+4:00, which makes minute B final (B + 1 min + 2 min grace ≤ B+4:00), then a purchase at B+0:20,
 * which is therefore too late. Without the wait, phase 2 could overtake phase 1 in the streams
 * stage and make an in-time event too late.
 *
 * <pre>
 *   B+0:10  day-anon-a  view_product            B+2:00  day-bob     search
 *   B+0:30  day-bob     search                  B+2:20  day-bob     purchase  5.50
 *   B+0:40  day-anon-a  view_product            B+2:40  day-anon-c  view_product
 *   B+1:00  day-alice   identify (day-anon-a)   B+4:00  day-dave    purchase 10.00  (phase 2)
 *   B+1:30  day-alice   purchase 20.00          B+0:20  day-dave    purchase  7.00  (phase 2, too late)
 * </pre>
 *
 * Sessions (1 min inactivity): anon-a [0:10, 0:40] 2 events; alice [1:00, 1:30] 2, converted; bob
 * [0:30] 1 and [2:00, 2:20] 2, converted; anon-c [2:40] 1; dave [4:00] 1 and [0:20] 1, both
 * converted: 7 sessions, 4 of one event, 80 s in all. Identities 5 (anon-a, alice, bob, anon-c,
 * dave), persons 4 (anon-a is alice), purchasers 3, revenue 42.50.
 *
 * <p>Then, on the same stack (its definitions file served by ingest and read by streams from the start), a
 * scripted A/B test ({@link ScriptedExperiment}) read back as the analyst reads it: after the day, whose exact
 * answers its events would change.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScriptedDayEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WRITE_KEY = "scripted-day-key";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static InProcessPipeline pipeline;

  @BeforeAll
  static void startPipeline() throws java.io.IOException {
    java.nio.file.Path definitions = java.nio.file.Files.createTempFile("e2e-experiments", ".yaml");
    java.nio.file.Files.writeString(definitions, ScriptedExperiment.DEFINITIONS);
    String file = definitions.toString();
    pipeline = InProcessPipeline.start(WRITE_KEY, "day-src", Map.of(
        "sessions.inactivity.ms", "60000", "sessions.conversion.events", "purchase",
        "experiments.definitions.file", file,
        "experiments.cuped.lookback.ms", Long.toString(ScriptedExperiment.LOOKBACK.toMillis())),
        Map.of("experiments.definitions.file", file));
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void shouldAnswerTheScriptedDayExactly() throws Exception {
    Instant now = Instant.now();
    Instant base = max(now.truncatedTo(ChronoUnit.MINUTES).minus(6, ChronoUnit.MINUTES),
        now.truncatedTo(ChronoUnit.DAYS));
    ArrayNode phase1 = JSON.createArrayNode()
        .add(track("1", base, 10, null, "day-anon-a", "view_product", null))
        .add(track("2", base, 30, "day-bob", null, "search", null))
        .add(track("3", base, 40, null, "day-anon-a", "view_product", null))
        .add(call("identify", "4", base, 60, "day-alice", "day-anon-a"))
        .add(track("5", base, 90, "day-alice", null, "purchase", 20.00))
        .add(track("6", base, 120, "day-bob", null, "search", null))
        .add(track("7", base, 140, "day-bob", null, "purchase", 5.50))
        .add(track("8", base, 160, null, "day-anon-c", "view_product", null));
    post(phase1);
    await("phase 1 counted by the minute metrics").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(pipeline.query("SELECT sum(count) FROM {db}.metrics_minute_v")).isEqualTo("8"));
    post(JSON.createArrayNode().add(track("9", base, 240, "day-dave", null, "purchase", 10.00))
        .add(track("10", base, 20, "day-dave", null, "purchase", 7.00)));

    await("everything landed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(pipeline.query("SELECT count() FROM {db}.events_v")).isEqualTo("10");
      assertThat(pipeline.query("SELECT sum(too_late_events) FROM {db}.metrics_minute_v")).isEqualTo("1");
      assertThat(pipeline.query("SELECT count() FROM {db}.sessions_v")).isEqualTo("7");
      assertThat(pipeline.query("SELECT person_id FROM {db}.persons_v WHERE id_key = 'a:day-anon-a'")).isEqualTo("day-alice");
    });

    String minuteB = "toDateTime(" + base.getEpochSecond() + ")";
    assertThat(pipeline.query("SELECT status, count, too_late_events, too_late_revenue FROM {db}.metrics_minute_v"
        + " WHERE event = 'purchase' AND minute = " + minuteB)).isEqualTo("final\t0\t1\t7");
    assertThat(pipeline.query("SELECT event, count, too_late_events, distinct_users, revenue FROM {db}.metrics_day_v"
        + " ORDER BY event").split("\n")).containsExactly(
            "identify\t1\t0\t1\t0", "purchase\t3\t1\t3\t35.5", "search\t2\t0\t1\t0", "view_product\t3\t0\t2\t0");
    assertThat(pipeline.query("SELECT sum(events), countIf(events = 1), sum(duration_ms), sum(converted)"
        + " FROM {db}.sessions_v")).isEqualTo("10\t4\t80000\t4");
    assertThat(pipeline.query("SELECT event_id, person_id FROM {db}.events_by_person_v WHERE anonymous_id = 'day-anon-a'"
        + " ORDER BY event_id").split("\n")).containsExactly("d-1\tday-alice", "d-3\tday-alice", "d-4\tday-alice");

    String day = LocalDate.ofInstant(base, ZoneOffset.UTC).toString();
    Map<String, Double> expected = Map.of("daily_active_users", 5.0, "weekly_active_users", 5.0,
        "daily_revenue", 42.5, "revenue_per_active_user", 8.5, "purchase_conversion_rate", 0.6,
        "average_session_length", 80.0 / 7, "bounce_rate", 4.0 / 7, "daily_active_persons", 4.0,
        "average_order_value", 42.5 / 4);
    for (MetricDefinition metric : MetricCatalogue.bundled().metrics()) {
      if (metric.name().equals("events_per_minute")) {
        assertThat(asAnalyst("SELECT toUnixTimestamp(period) - " + base.getEpochSecond() + ", event, value FROM ("
            + metric.sql() + ") ORDER BY 1, 2").split("\n")).as(metric.name()).containsExactly(
                "0\tpurchase\t1", "0\tsearch\t1", "0\tview_product\t2", "60\tidentify\t1", "60\tpurchase\t1",
                "120\tpurchase\t1", "120\tsearch\t1", "120\tview_product\t1", "240\tpurchase\t1");
        continue;
      }
      assertThat(expected).as("a known answer for every catalogue metric").containsKey(metric.name());
      String[] row = asAnalyst("SELECT toString(period), value FROM (" + metric.sql() + ")").split("\t");
      String period = metric.name().equals("weekly_active_users")
          ? LocalDate.ofInstant(base, ZoneOffset.UTC).with(DayOfWeek.MONDAY).toString() : day;
      assertThat(row[0]).as(metric.name()).isEqualTo(period);
      assertThat(Double.parseDouble(row[1])).as(metric.name()).isCloseTo(expected.get(metric.name()), within(1e-9));
    }
  }

  @Test
  @Order(2)
  void shouldReportTheScriptedExperimentFromTheWarehouseAsTheAnalyst() throws Exception {
    ScriptedExperiment script = new ScriptedExperiment(pipeline.ingestUrl(), WRITE_KEY);
    script.run(Instant.now().minus(5, ChronoUnit.MINUTES));

    ScriptedExperimentReport.assertReport(script, pipeline.database);
  }

  /** A catalogue metric's SQL as the analyst runs it: read-only, the pipeline's database as the default. */
  private static String asAnalyst(String sql) {
    return TestClickHouse.analyst().query(pipeline.database, sql + " FORMAT TabSeparated").strip();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static ObjectNode track(String id, Instant base, int seconds, String userId, String anonymousId,
      String event, Double revenue) {
    ObjectNode call = call("track", id, base, seconds, userId, anonymousId).put("event", event);
    ObjectNode properties = call.putObject("properties");
    if (revenue != null) {
      properties.put("revenue", revenue);
    }
    return call;
  }

  private static ObjectNode call(String type, String id, Instant base, int seconds, String userId, String anonymousId) {
    ObjectNode call = JSON.createObjectNode().put("type", type).put("messageId", "d-" + id)
        .put("timestamp", base.plusSeconds(seconds).toString());
    if (userId != null) {
      call.put("userId", userId);
    }
    if (anonymousId != null) {
      call.put("anonymousId", anonymousId);
    }
    return call;
  }

  private static void post(ArrayNode batch) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.set("batch", batch);
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.ingestUrl() + "/v1/batch"))
        .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("accepted").asInt()).as(response.body()).isEqualTo(batch.size());
  }
}
