package dev.tributary.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.DeadLetter;
import dev.tributary.events.DeadLetterReason;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerdes;
import dev.tributary.schema.serde.WireFormat;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the decoding step tells a poison record (unknown schema id: dead letter) from a registry
 * outage (stop, so exactly-once reprocessing keeps the good record). The registry is an in-JVM
 * HTTP stub answering with a fixed status.
 */
class RawEventDecoderRegistryFailureTest {

  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final byte[] UNKNOWN_ID_RECORD = WireFormat.frame(4242, new byte[] {2, 'x'});

  @TempDir
  Path stateDir;

  private HttpServer server;
  private SchemaRegistryClient client;
  private TopologyTestDriver driver;
  private AvroDeserializer<DeadLetter> dlqDeserializer;

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldDeadLetterRecordWhoseSchemaIdTheRegistryDoesNotKnow() throws IOException {
    startWithRegistryAnswering(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");

    raw().pipeInput("u1", UNKNOWN_ID_RECORD, T0);

    DeadLetter d = dlq().readValue();
    assertThat(d.getReason()).isEqualTo(DeadLetterReason.UNDESERIALIZABLE);
    assertThat(d.getDetail()).contains("4242");
  }

  @Test
  void shouldStopInsteadOfDeadLetteringWhenTheRegistryIsUnavailable() throws IOException {
    startWithRegistryAnswering(503, "{\"error_code\":50301,\"message\":\"overloaded\"}");
    TestInputTopic<String, byte[]> raw = raw();
    TestOutputTopic<String, DeadLetter> dlq = dlq();

    assertThatThrownBy(() -> raw.pipeInput("u1", UNKNOWN_ID_RECORD, T0)).hasStackTraceContaining("503");
    assertThat(dlq.isEmpty()).isTrue();
  }

  private void startWithRegistryAnswering(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    client = new SchemaRegistryClient("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5));
    InMemorySchemaRegistry outputs = new InMemorySchemaRegistry();
    Topics topics = Topics.of(TopicNames.defaults(StreamsSettings.DATASETS), outputs,
        new AvroDeserializer<>(client, RawEvent.class));
    StreamsSettings settings = StreamsSettings.load(Map.of(), Map.of(StreamsSettings.STATE_DIR, stateDir.toString()));
    Properties props = new Properties();
    props.putAll(settings.streamsConfig());
    driver = new TopologyTestDriver(PipelineTopology.build(topics, settings.topologySettings()), props);
    dlqDeserializer = new AvroDeserializer<>(outputs, DeadLetter.class);
  }

  private TestInputTopic<String, byte[]> raw() {
    return driver.createInputTopic("events.raw", new StringSerializer(), new ByteArraySerializer());
  }

  private TestOutputTopic<String, DeadLetter> dlq() {
    return driver.createOutputTopic("events.dlq", new StringDeserializer(), dlqDeserializer);
  }
}
