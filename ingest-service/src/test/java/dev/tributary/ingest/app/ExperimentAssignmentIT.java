package dev.tributary.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.events.ExperimentChange;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.experiments.Fixtures;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assignment endpoint and the definitions reload through the real service: real HTTP, the in-JVM Kafka
 * broker and the Apicurio registry; the change log read back from its topic.
 */
class ExperimentAssignmentIT {

  private static final String KEY = "it-key";
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String changesTopic = "experiments.changes.it-" + UUID.randomUUID();

  @TempDir
  Path dir;

  @Test
  void shouldAssignReloadOnChangeRefuseABadFileAndLogEveryChangeOnce() throws Exception {
    Path file = write(Fixtures.file("0.2"), T0);
    try (IngestApplication app = IngestApplication.start(settings(file))) {
      // hash("seed", "b") = 0.2696: outside [0.2, 0.26) at 20% coverage, in it (blue) at 100%
      assertThat(experiment(get(app, "?user_id=b", KEY)).get("in_experiment").booleanValue()).isFalse();

      write(Fixtures.file("1"), T0.plusSeconds(60));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(experiment(get(app, "?user_id=b", KEY)).get("variation_id").textValue()).isEqualTo("blue"));
      JsonNode blue = experiment(get(app, "?user_id=b", KEY));
      assertThat(blue.get("in_experiment").booleanValue()).isTrue();
      assertThat(blue.get("hash_value").doubleValue()).isEqualTo(0.2696);

      write(Fixtures.file("1").replace("weight: 0.5}", "weight: 0.6}"), T0.plusSeconds(120));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(app, "/metrics"))
          .contains("experiments_definitions_reloads_total{outcome=\"refused\"} 1.0"));
      assertThat(experiment(get(app, "?user_id=b", KEY)).get("variation_id").textValue()).isEqualTo("blue");

      HttpResponse<String> noId = send(app, "?anonymous_id=", KEY);
      assertThat(noId.statusCode()).isEqualTo(400);
      assertThat(EventJson.parse(bytes(noId.body())).get("field").textValue()).isEqualTo("user_id");
      assertThat(send(app, "?user_id=b", "wrong-key").statusCode()).isEqualTo(401);
    }

    List<ExperimentChange> log = readChanges(3);
    assertThat(log).extracting(ExperimentChange::getKind)
        .containsExactlyInAnyOrder("snapshot", "snapshot", "coverage_changed");
    ExperimentChange ramp = log.stream().filter(c -> c.getKind().equals("coverage_changed")).findFirst().orElseThrow();
    assertThat(ramp.getExperimentKey()).isEqualTo("gb-vector");
    assertThat(ramp.getFromValue()).isEqualTo("0.2");
    assertThat(ramp.getToValue()).isEqualTo("1");
    assertThat(ramp.getChangedBy()).isEqualTo("ana");
    assertThat(ramp.getChangedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void shouldLogTheSameSnapshotIdsWhenRestartsReadTheSameFileAndRefuseToStartOnABadOne() throws Exception {
    Path file = write(Fixtures.file("0.05"), T0);
    IngestApplication.start(settings(file)).close();
    IngestApplication.start(settings(file)).close();

    List<ExperimentChange> log = readChanges(4);
    assertThat(log).hasSize(4).extracting(ExperimentChange::getKind).containsOnly("snapshot");
    // the warehouse keeps one row per change id (ReplacingMergeTree): two restarts, two rows
    assertThat(log.stream().map(ExperimentChange::getChangeId).distinct()).hasSize(2);

    write(Fixtures.file("1.5").replace("purchase_conversion_rate", "no_such_metric"), T0.plusSeconds(60));
    assertThatThrownBy(() -> IngestApplication.start(settings(file))).isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("experiment 'gb-vector', field 'coverage' [coverage_range]")
        .hasMessageContaining("experiment 'gb-vector', field 'primary_metric' [unknown_metric]");
  }

  private IngestSettings settings(Path file) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("ingest.write.keys", KEY + ":it-source");
    overrides.put("http.host", "127.0.0.1");
    overrides.put("http.port", "0");
    overrides.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
    overrides.put("schema.registry.url", TestRegistry.url());
    overrides.put("topic.raw", "events.raw");
    overrides.put("topic.experiments.changes", changesTopic);
    overrides.put("experiments.definitions.file", file.toString());
    overrides.put("experiments.definitions.poll.ms", "200");
    return IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), overrides));
  }

  private Path write(String text, Instant modified) throws Exception {
    Path file = dir.resolve("definitions.yaml");
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  private static JsonNode experiment(String body) throws Exception {
    return EventJson.parse(bytes(body)).get("experiments").get(0);
  }

  private String get(IngestApplication app, String query, String key) throws Exception {
    HttpResponse<String> response = send(app, query, key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private String get(IngestApplication app, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private HttpResponse<String> send(IngestApplication app, String query, String key) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
            + "/v1/experiments/assignments" + query))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private List<ExperimentChange> readChanges(int expected) {
    List<ConsumerRecord<String, ExperimentChange>> records = RawTopicReader.readUntil(TestKafka.bootstrapServers(),
        TestRegistry.url(), changesTopic, ExperimentChange.class, Duration.ofSeconds(30), r -> r.size() >= expected);
    assertThat(records).hasSize(expected).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getExperimentKey()));
    return records.stream().map(ConsumerRecord::value).toList();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
