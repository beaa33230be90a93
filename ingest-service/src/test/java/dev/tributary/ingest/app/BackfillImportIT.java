package dev.tributary.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.events.RawEvent;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.localstack.importer.CheckpointStore;
import dev.tributary.localstack.importer.EventIds;
import dev.tributary.localstack.importer.HttpBatchSender;
import dev.tributary.localstack.importer.ImportFormat;
import dev.tributary.localstack.importer.ImportSummary;
import dev.tributary.localstack.importer.Importer;
import dev.tributary.localstack.importer.RejectSink;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary import} against the real ingest service (real Kafka, real registry): a 500-line
 * history with bad lines, stopped after three batches as Ctrl-C would, then resumed from its checkpoint.
 * The raw topic holds every good line's event once, with its original timestamp; the rejects file
 * lists the bad lines with the server's rule.
 */
class BackfillImportIT {

  private static final String KEY = "backfill-key";
  private static final int LINES = 500;
  /** Line number → why it is bad. */
  private static final Map<Integer, String> BAD = Map.of(
      17, "required", // no user_id/anonymous_id
      123, "malformed_json",
      250, "iso8601", // a timestamp that is no date
      333, "required",
      499, "malformed_json");

  @TempDir
  Path dir;

  @Test
  void shouldImportEachGoodLineOnceAcrossAStopAndResumeAndListTheBadLines() throws Exception {
    String topic = "events.raw.backfill-" + UUID.randomUUID();
    Instant history = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    Path file = writeHistory(history);
    Path checkpoint = dir.resolve("history.checkpoint");
    Path rejects = dir.resolve("history.rejects.jsonl");

    try (IngestApplication app = IngestApplication.start(settings(topic))) {
      String url = "http://127.0.0.1:" + app.port();
      int[] batches = {0};
      ImportSummary first = run(file, url, checkpoint, rejects, () -> batches[0]++, () -> batches[0] >= 3);
      ImportSummary second = run(file, url, checkpoint, rejects, () -> { }, () -> false);

      assertThat(first.outcome()).isEqualTo(ImportSummary.Outcome.STOPPED);
      assertThat(first.sent()).isEqualTo(150);
      assertThat(second.outcome()).isEqualTo(ImportSummary.Outcome.COMPLETED);
      assertThat(second.skippedByCheckpoint()).isEqualTo(151); // three batches of 50 events, plus unparseable line 123
      assertThat(first.accepted() + second.accepted()).isEqualTo(LINES - BAD.size());
      assertThat(first.rejected() + second.rejected()).isEqualTo(BAD.size());
    }

    List<String> good = goodIds(file);
    List<ConsumerRecord<String, RawEvent>> records = readSettled(topic, good.size());
    Map<String, Long> perId = records.stream()
        .collect(Collectors.groupingBy(r -> r.value().getEventId(), Collectors.counting()));
    assertThat(perId).hasSize(good.size()).containsOnlyKeys(good).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
    JsonNode payload = EventJson.parse(records.get(0).value().getPayload().getBytes(StandardCharsets.UTF_8));
    assertThat(Instant.parse(payload.get("timestamp").textValue())).isBefore(history.plusSeconds(LINES + 1));

    List<JsonNode> rejected = new ArrayList<>();
    for (String line : Files.readAllLines(rejects)) {
      rejected.add(EventJson.parse(line.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(rejected).extracting(r -> r.get("line").intValue())
        .containsExactlyInAnyOrderElementsOf(BAD.keySet());
    assertThat(rejected).allSatisfy(r -> assertThat(r.get("rule").textValue()).isEqualTo(BAD.get(r.get("line").intValue())));
  }

  private static ImportSummary run(Path file, String url, Path checkpoint, Path rejects, Runnable onBatch,
      java.util.function.BooleanSupplier stop) throws Exception {
    Importer.Settings settings = new Importer.Settings(ImportFormat.JSONL, "", 50, 0, 5, Duration.ofSeconds(2));
    try (RejectSink sink = RejectSink.file(rejects)) {
      return new Importer(file, settings, new HttpBatchSender(url, KEY), CheckpointStore.file(checkpoint), sink,
          Importer.Ticker.SYSTEM, p -> onBatch.run()).run(stop);
    }
  }

  private Path writeHistory(Instant start) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= LINES; i++) {
      String at = start.plusSeconds(i).toString();
      lines.add(switch (BAD.getOrDefault(i, "")) {
        case "required" -> "{\"event\":\"page_view\",\"timestamp\":\"" + at + "\"}";
        case "malformed_json" -> "{\"event\":\"page_view\",\"user_id\":";
        case "iso8601" -> "{\"event\":\"page_view\",\"user_id\":\"u-" + i + "\",\"timestamp\":\"yesterday\"}";
        default -> "{\"event\":\"page_view\",\"user_id\":\"u-" + (i % 37) + "\",\"timestamp\":\"" + at
            + "\",\"properties\":{\"line\":" + i + "}}";
      });
    }
    Path file = dir.resolve("history.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> goodIds(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!BAD.containsKey(i + 1)) {
        ids.add(EventIds.forLine(lines.get(i)));
      }
    }
    return ids;
  }

  /** Everything in the topic: reads until {@code expected} records arrived and one more second brought nothing. */
  private static List<ConsumerRecord<String, RawEvent>> readSettled(String topic, int expected) {
    long[] reachedAt = {0};
    Function<Integer, Boolean> settled = size -> {
      if (size < expected) {
        return false;
      }
      if (reachedAt[0] == 0) {
        reachedAt[0] = System.nanoTime();
      }
      return System.nanoTime() - reachedAt[0] > 1_000_000_000L;
    };
    return RawTopicReader.readUntil(TestKafka.bootstrapServers(), TestRegistry.url(), topic, Duration.ofSeconds(30),
        records -> settled.apply(records.size()));
  }

  private static IngestSettings settings(String topic) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("ingest.write.keys", KEY + ":backfill");
    overrides.put("http.host", "127.0.0.1");
    overrides.put("http.port", "0");
    overrides.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
    overrides.put("schema.registry.url", TestRegistry.url());
    overrides.put("topic.raw", topic);
    overrides.put("topic.partitions", "3");
    return IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), overrides));
  }
}
