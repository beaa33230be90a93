package dev.tributary.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.events.RawEvent;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.validation.EventJson;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The service end to end against the real in-JVM Kafka broker and the real Apicurio registry. */
class IngestServiceIT {

  private static final String KEY = "it-key";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shouldPublishAcceptedBatchItemsToRawTopicAsAvro() throws Exception {
    String topic = "events.raw";
    String givenId = "client-" + UUID.randomUUID();
    Instant before = Instant.now();
    try (IngestApplication app = IngestApplication.start(settings(TestRegistry.url(), topic, 10_000))) {
      HttpResponse<String> response = post(app, "/v1/batch", """
          {"batch":[
            {"event":"signup","user_id":"u-1","event_id":"%s","properties":{"plan":"pro"}},
            {"event":"view","anonymousId":"a-2","timestamp":"%s"},
            {"event":"no identity"},
            {"type":"identify","userId":"u-3","traits":{"email":"x@example.com"}}
          ]}""".formatted(givenId, before));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(EventJson.parse(bytes(response.body())).get("accepted").intValue()).isEqualTo(3);
      assertThat(TestKafka.admin().listTopics().names().get()).contains(topic);

      List<ConsumerRecord<String, RawEvent>> records = consumeAll(topic, 3);
      Instant after = Instant.now();

      assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("u-1", "a-2", "u-3");
      for (ConsumerRecord<String, RawEvent> record : records) {
        RawEvent event = record.value();
        JsonNode payload = EventJson.parse(bytes(event.getPayload()));
        assertThat(event.getSource()).isEqualTo("it-source");
        assertThat(event.getReceivedAt()).isBetween(before.minusMillis(1), after);
        assertThat(event.getRequestId()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(payload.get("event_id").textValue()).isEqualTo(event.getEventId());
        assertThat(event.getEventId()).isNotBlank();
      }
      assertThat(records).filteredOn(r -> r.key().equals("u-1")).singleElement()
          .satisfies(r -> assertThat(r.value().getEventId()).isEqualTo(givenId));
      assertThat(records).extracting(r -> r.value().getEventId()).doesNotHaveDuplicates();
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenSchemaRegistryIsUnreachable() throws Exception {
    String deadRegistry = "http://127.0.0.1:" + freePort() + "/apis/ccompat/v7";
    String topic = "events.raw.noregistry-" + UUID.randomUUID();
    try (IngestApplication app = IngestApplication.start(settings(deadRegistry, topic, 2_000))) {
      HttpResponse<String> response = post(app, "/v1/events", "{\"event\":\"signup\",\"user_id\":\"u-1\"}");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("1");
      assertThat(EventJson.parse(bytes(response.body())).get("error").textValue()).isEqualTo("unavailable");
    }
  }

  private static IngestSettings settings(String registryUrl, String topic, int produceTimeoutMs) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("ingest.write.keys", KEY + ":it-source");
    overrides.put("http.host", "127.0.0.1");
    overrides.put("http.port", "0");
    overrides.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
    overrides.put("schema.registry.url", registryUrl);
    overrides.put("schema.registry.timeout.ms", "2000");
    overrides.put("topic.raw", topic);
    overrides.put("topic.partitions", "3");
    overrides.put("ingest.produce.timeout.ms", String.valueOf(produceTimeoutMs));
    return IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), overrides));
  }

  private HttpResponse<String> post(IngestApplication app, String path, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static List<ConsumerRecord<String, RawEvent>> consumeAll(String topic, int expected) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, RawEvent>> records = new ArrayList<>();
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(5));
        KafkaConsumer<String, RawEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
            new AvroDeserializer<>(registry, RawEvent.class))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= expected;
      });
      // nothing beyond the expected records: a second poll window stays empty
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    assertThat(records).hasSize(expected);
    return records;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

}
