package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.e2e.audit.LedgerBalance;
import dev.tributary.localstack.importer.CheckpointStore;
import dev.tributary.localstack.importer.HttpBatchSender;
import dev.tributary.localstack.importer.ImportFormat;
import dev.tributary.localstack.importer.ImportSummary;
import dev.tributary.localstack.importer.Importer;
import dev.tributary.localstack.importer.RejectSink;
import dev.tributary.testsupport.TestClickHouse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sources beyond an SDK's HTTP calls, through the whole pipeline into ClickHouse, on one pipeline
 * (its start is most of the cost):
 *
 * <ul>
 *   <li><b>Backfill.</b> A history imported with {@code bin/tributary import}'s importer: its minutes
 *   land in {@code metrics_minute_backfill} marked {@code backfilled}, equal to a recomputation from the
 *   imported events in {@code events_v}; a live minute that was already final keeps its final row, even
 *   though the history holds events inside it; nothing counts as too late; the audit ledger balances.
 *   L is a minute five minutes ago. The live events are a page view at L+0:05 and one now, which makes
 *   L final (grace 10 s); the history is 120 page views and purchases 30 days back over four minutes,
 *   plus three page views inside L.</li>
 *   <li><b>Change data capture.</b> Rows inserted, updated and deleted in PostgreSQL reach
 *   {@code events_v} exactly once (the {@code events} table itself, without FINAL, holds each change
 *   once), an unmappable row is a {@code connect} dead letter in {@code dead_letters} ({@link ShopChangeCapture};
 *   the same across a SIGKILL of the CDC worker is {@link SourcesWorkerKillIT}'s, run by name).</li>
 * </ul>
 *
 * <p>The backfill runs first: its live events lie five minutes back, which the CDC events (now) would
 * make too late if they happened to share a metrics partition and came first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourcesEndToEndIT {

  private static final String KEY = "backfill-e2e-key";
  private static final int HISTORY = 120;
  private static final int INSIDE_LIVE = 3;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** The imported events' minutes, recomputed from events_v as the streams stage must have computed them. */
  private static final String RECOMPUTED = "SELECT minute, event, source, count() AS c, uniqExact(h) AS u,"
      + " round(sum(ifNull(revenue, 0)), 6) AS r, arraySort(groupUniqArray(h)) AS hs FROM (SELECT"
      + " toStartOfMinute(timestamp) AS minute, event, source, revenue, sipHash64(ifNull(user_id, anonymous_id)) AS h"
      + " FROM {db}.events_v WHERE backfill = 1) GROUP BY minute, event, source ORDER BY minute, event, source";
  private static final String BACKFILLED = "SELECT minute, event, source, count, distinct_users,"
      + " round(revenue, 6), arraySort(user_hashes) FROM {db}.metrics_minute_backfill_v WHERE status = 'backfilled'"
      + " ORDER BY minute, event, source";

  @TempDir
  Path dir;

  private static InProcessPipeline pipeline;

  @BeforeAll
  static void startPipeline() {
    pipeline = InProcessPipeline.start(KEY, "web", Map.of("metrics.grace.ms", "10000",
        "metrics.provisional.interval.ms", "500"));
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void shouldRecomputeImportedMinutesAsBackfilledAndLeaveTheFinalLiveMinuteAlone() throws Exception {
    Instant began = Instant.now();
    Instant live = began.truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);

    post("[" + pageView("live-1", "live-user", live.plusSeconds(5)) + ","
        + pageView("live-2", "live-user", began) + "]");
    String liveRow = "SELECT status, count, distinct_users, revenue, updated_at_ms FROM {db}.metrics_minute FINAL"
        + " WHERE minute = toDateTime(" + live.getEpochSecond() + ") AND event = 'page_view'";
    await("the live minute final").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> pipeline.query(liveRow).startsWith("final\t1\t1\t"));
    String finalLiveRow = pipeline.query(liveRow);

    ImportSummary summary = importHistory(live);
    assertThat(summary.outcome()).isEqualTo(ImportSummary.Outcome.COMPLETED);
    assertThat(summary.accepted()).isEqualTo(HISTORY + INSIDE_LIVE);

    await("the backfilled minutes equal a recomputation from the imported events").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          assertThat(pipeline.query("SELECT count() FROM {db}.events_v WHERE backfill = 1"))
              .isEqualTo(String.valueOf(HISTORY + INSIDE_LIVE));
          assertThat(pipeline.query(BACKFILLED)).isEqualTo(pipeline.query(RECOMPUTED));
        });
    assertThat(pipeline.query("SELECT uniqExact(minute) FROM {db}.metrics_minute_backfill_v")).isEqualTo("5"); // 4 + L
    assertThat(pipeline.query(liveRow)).as("the live final row is untouched").isEqualTo(finalLiveRow);
    assertThat(pipeline.query("SELECT count() FROM {db}.metrics_too_late")).isEqualTo("0");
    assertThat(pipeline.query("SELECT status, count, backfilled_events FROM {db}.metrics_minute_v"
        + " WHERE minute = toDateTime(" + live.getEpochSecond() + ") AND event = 'page_view'"))
        .isEqualTo("final\t" + (1 + INSIDE_LIVE) + "\t" + INSIDE_LIVE);
    assertThat(pipeline.query("SELECT DISTINCT status FROM {db}.metrics_minute_v WHERE minute < toDateTime("
        + began.minus(1, ChronoUnit.DAYS).getEpochSecond() + ")")).isEqualTo("backfilled");
    assertThat(pipeline.query("SELECT sum(count) FROM {db}.metrics_day_v WHERE day < toDate(now()) - 1"))
        .isEqualTo(String.valueOf(HISTORY));
    assertThat(LedgerBalance.unbalanced(TestClickHouse.analyst(), pipeline.database, began.minusSeconds(60),
        Duration.ofSeconds(60))).as("audit ledger: minutes that do not balance").isEmpty();
  }

  @Test
  @Order(2)
  void shouldLandRowChangesInTheWarehouseExactlyOnce() throws Exception {
    try (ShopChangeCapture capture = new ShopChangeCapture(pipeline, dir)) {
      capture.assertChangesLandExactlyOnce(false);
    }
  }

  /** Imports the history through the importer (batches of 50, as {@code bin/tributary import} sends them). */
  private ImportSummary importHistory(Instant live) throws Exception {
    Instant history = live.minus(30, ChronoUnit.DAYS);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < HISTORY; i++) {
      Instant at = history.plusSeconds(i * 2L); // four minutes
      lines.add(i % 4 == 0
          ? "{\"event\":\"purchase\",\"user_id\":\"u-" + (i % 7) + "\",\"timestamp\":\"" + at
              + "\",\"properties\":{\"revenue\":" + (i + 0.25) + "}}"
          : pageView(null, "u-" + (i % 13), at));
    }
    for (int i = 0; i < INSIDE_LIVE; i++) {
      lines.add(pageView(null, "old-" + i, live.plusSeconds(10 + i)));
    }
    Path file = dir.resolve("history.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    Importer.Settings settings = new Importer.Settings(ImportFormat.JSONL, "", 50, 0, 5, Duration.ofSeconds(2));
    try (RejectSink rejects = RejectSink.file(dir.resolve("history.rejects.jsonl"))) {
      return new Importer(file, settings, new HttpBatchSender(pipeline.ingestUrl(), KEY),
          CheckpointStore.file(dir.resolve("history.checkpoint")), rejects, Importer.Ticker.SYSTEM, p -> { })
          .run(() -> false);
    }
  }

  private static String pageView(String id, String user, Instant at) {
    return "{" + (id == null ? "" : "\"event_id\":\"" + id + "\",") + "\"event\":\"page_view\",\"user_id\":\"" + user
        + "\",\"timestamp\":\"" + at + "\"}";
  }

  private void post(String batch) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.ingestUrl() + "/v1/batch"))
        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":" + batch + "}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
