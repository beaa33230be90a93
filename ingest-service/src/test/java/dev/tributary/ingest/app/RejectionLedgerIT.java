package dev.tributary.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.catalogue.AuditReconciliation;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.events.AuditCount;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The door's refusals in the audit topic against the real broker and registry: per source and
 * rule, exactly what the HTTP answers said was refused.
 */
class RejectionLedgerIT {

  private static final String KEY = "it-key";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Long> answered = new TreeMap<>();

  @Test
  void shouldCountEveryRefusalTheAnswersReportedPerSourceAndRule() throws Exception {
    String suffix = UUID.randomUUID().toString();
    String audit = "audit.counts.it-" + suffix;
    try (IngestApplication app = IngestApplication.start(settings("events.raw.it-" + suffix, audit))) {
      send(app, KEY, """
          {"batch":[
            {"event":"ok","user_id":"u-1"},
            {"event":"no identity"},
            {"user_id":"u-2"},
            {"event":"bad time","user_id":"u-3","timestamp":"yesterday"},
            {"event":"no identity either"}
          ]}""", "/v1/batch");
      send(app, KEY, "{\"event\":\"single without identity\"}", "/v1/events");
      send(app, KEY, "{\"batch\":[{\"event\":", "/v1/batch");
      send(app, "wrong-key", "{\"event\":\"x\",\"user_id\":\"u\"}", "/v1/events");
      send(app, KEY, "[" + "1,".repeat(3_000) + "1]", "/v1/batch");
      long total = answered.values().stream().mapToLong(Long::longValue).sum();
      assertThat(total).isEqualTo(4 + 1 + 1 + 1 + 1);

      List<ConsumerRecord<String, AuditCount>> rows = RawTopicReader.readUntil(TestKafka.bootstrapServers(),
          TestRegistry.url(), audit, AuditCount.class, Duration.ofSeconds(20),
          read -> read.stream().mapToLong(r -> r.value().getCount()).sum() >= total);

      Map<String, Long> counted = new TreeMap<>();
      rows.forEach(r -> counted.merge(r.value().getSource() + " " + r.value().getDetail(), r.value().getCount(), Long::sum));
      assertThat(counted).isEqualTo(answered);
      assertThat(rows).allSatisfy(r -> {
        assertThat(r.value().getMeasure()).isEqualTo("REJECTED");
        assertThat(r.value().getStage()).isEqualTo(AuditReconciliation.INGEST_STAGE);
        assertThat(r.value().getMinuteStart().toEpochMilli() % 60_000).isZero();
      });
    }
  }

  /** Sends one request and notes what its answer says was refused, by the source the key stands for. */
  private void send(IngestApplication app, String key, String body, String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    String source = key.equals(KEY) ? "it-source" : AuditReconciliation.UNIDENTIFIED_SOURCE;
    JsonNode answer = EventJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
    if (answer.has("rejected")) {
      answer.get("rejected").forEach(item -> answered.merge(source + " " + item.get("rule").asText(), 1L, Long::sum));
    } else if (response.statusCode() >= 400) {
      String rule = answer.hasNonNull("rule") ? answer.get("rule").asText() : answer.get("error").asText();
      answered.merge(source + " " + rule, 1L, Long::sum);
    }
  }

  private static IngestSettings settings(String raw, String audit) {
    return IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), Map.of(
        "ingest.write.keys", KEY + ":it-source",
        "http.host", "127.0.0.1",
        "http.port", "0",
        "kafka.bootstrap.servers", TestKafka.bootstrapServers(),
        "schema.registry.url", TestRegistry.url(),
        "topic.raw", raw,
        IngestSettings.TOPIC_AUDIT, audit,
        "ingest.max.batch.bytes", "4096")));
  }
}
