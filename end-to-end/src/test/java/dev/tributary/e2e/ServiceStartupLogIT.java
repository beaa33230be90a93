package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.localstack.cli.StackLayout;
import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.service.JvmOptions;
import dev.tributary.localstack.service.PipelineService;
import dev.tributary.localstack.service.RunningService;
import dev.tributary.localstack.service.ServiceClassPath;
import dev.tributary.localstack.service.ServiceLauncher;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every service logs when started the way the local stack starts it: its own JVM from the built
 * module ({@code target/classes} + {@code runtime-classpath.txt}, the class path the container image
 * copies too) through the {@link ServiceLauncher}, against real Kafka, registry and ClickHouse. A
 * service whose runtime class path lacks an SLF4J provider writes only SLF4J's "no providers"
 * warning, so its startup line is missing and the test fails. Streams and sink are waited for on
 * their {@code /readyz}, and their {@code /metrics} must carry Kafka client meters (and the sink's
 * own per-table meters).
 */
class ServiceStartupLogIT {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final String NO_PROVIDER = "No SLF4J providers were found";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final TopicNames TOPICS = TopicNames.prefixed(Datasets.ALL, "startup-log-" + RUN + ".");

  private static Path root;
  private static Path logs;
  private static ServiceLauncher launcher;

  @BeforeAll
  static void builtModules() {
    root = StackLayout.discover(Optional.empty()).root();
    logs = root.resolve("end-to-end/target/service-logs").resolve(RUN);
    launcher = new ServiceLauncher(ServiceClassPath.builtModules(root), logs, Duration.ofSeconds(20));
    TestKafka.createTopics(3, TOPICS.all().toArray(String[]::new));
  }

  @Test
  void shouldLogTheIngestStartupLine() {
    Map<String, String> settings = common();
    settings.put(IngestSettings.HTTP_HOST, "127.0.0.1");
    settings.put(IngestSettings.HTTP_PORT, Integer.toString(Ports.free()));
    settings.put(IngestSettings.WRITE_KEYS, "startup-key:startup-test");

    Started started = startAndReadLog(PipelineService.INGEST, settings);

    assertThat(started.log()).doesNotContain(NO_PROVIDER).contains("Ingest service configuration:")
        .contains("Ingest service listening on 127.0.0.1:");
    assertThat(started.metrics()).contains("jvm_memory_used_bytes").contains("ingest_in_flight_events");
  }

  @Test
  void shouldLogTheStreamsStartupLine() {
    String applicationId = "startup-log-streams-" + RUN;
    Map<String, String> settings = common();
    settings.put(StreamsSettings.APPLICATION_ID, applicationId);
    settings.put(StreamsSettings.STATE_DIR, logs.resolve("streams-state").toString());

    Started started = startAndReadLog(PipelineService.STREAMS, settings);

    assertThat(started.log()).doesNotContain(NO_PROVIDER).contains("transform-streams configuration:")
        .contains("Started " + applicationId + ": reads " + TOPICS.of(Datasets.RAW));
    assertThat(started.readyz()).isEqualTo(200);
    assertThat(started.metrics()).contains("kafka_stream_").contains("kafka_consumer_").contains("jvm_memory_used_bytes");
  }

  @Test
  void shouldLogTheSinkStartupLine() {
    Map<String, String> settings = common();
    settings.put(SinkSettings.CLICKHOUSE_URL, TestClickHouse.httpUrl());
    settings.put(SinkSettings.CLICKHOUSE_DATABASE, TestClickHouse.createDatabase());
    settings.put(SinkSettings.GROUP_ID, "startup-log-sink-" + RUN);

    Started started = startAndReadLog(PipelineService.SINK, settings);

    assertThat(started.log()).doesNotContain(NO_PROVIDER).contains("Warehouse sink configuration:")
        .contains("Warehouse sink loading ");
    assertThat(started.readyz()).isEqualTo(200);
    assertThat(started.metrics()).contains("kafka_consumer_").contains("sink_rows_inserted_total{table=\"events\"}");
  }

  private static Map<String, String> common() {
    Map<String, String> settings = new HashMap<>();
    settings.put(PipelineConfig.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    settings.put(PipelineConfig.SCHEMA_REGISTRY_URL, TestRegistry.url());
    settings.putAll(TOPICS.configuration());
    return settings;
  }

  /** What a started service logged and answered on its probed port ({@code /readyz}, {@code /metrics}). */
  private record Started(String log, int readyz, String metrics) {}

  /**
   * Starts the service as the local stack does, waits until it serves, reads its {@code /readyz}
   * status and {@code /metrics}, stops it, and returns what it logged and answered.
   */
  private static Started startAndReadLog(PipelineService service, Map<String, String> settings) {
    RunningService running = launcher.start(service, service.processName(), settings, JvmOptions.SMALL,
        logs.resolve(service.processName() + ".log"));
    int readyz;
    String metrics;
    try {
      running.awaitReady(READY_TIMEOUT);
      readyz = get(running.baseUrl() + "/readyz").statusCode();
      metrics = get(running.baseUrl() + "/metrics").body();
    } finally {
      running.process().stop();
    }
    return new Started(running.logSinceStart(), readyz, metrics);
  }

  private static HttpResponse<String> get(String url) {
    try {
      return Http.get(url, Duration.ofSeconds(5));
    } catch (Exception e) {
      throw new AssertionError("no answer from " + url, e);
    }
  }
}
