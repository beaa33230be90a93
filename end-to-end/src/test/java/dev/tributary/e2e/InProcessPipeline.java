package dev.tributary.e2e;

import static org.awaitility.Awaitility.await;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.LayeredConfig;
import dev.tributary.ingest.app.IngestApplication;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.sink.app.SinkApplication;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.streams.app.StreamsApplication;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import dev.tributary.experiments.definition.Definitions;
import dev.tributary.experiments.definition.DefinitionsParser;
import dev.tributary.warehouse.metrics.MetricCatalogue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.tributary.common.admin.ServiceMeters;
import dev.tributary.sink.kafka.ResumeStrategy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.UUID;

/**
 * The three services running in this JVM against the shared real fixtures, on topics and a
 * ClickHouse database of their own (unique names), so several end-to-end tests can share one
 * broker and server without seeing each other's data.
 *
 * <p>Not thread-safe: start and close from the test's lifecycle methods.
 */
final class InProcessPipeline implements AutoCloseable {

  final String prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  final TopicNames topics = TopicNames.prefixed(Datasets.ALL, prefix);
  final String rawTopic = topics.of(Datasets.RAW);
  final String database;
  final String writeKey;
  private final IngestApplication ingest;
  private final Map<String, String> streamsConfig;
  private StreamsApplication streams;
  private PrometheusMeterRegistry streamsMetrics;
  private final SinkApplication sink;
  private final PrometheusMeterRegistry sinkMetrics = ServiceMeters.prometheus();

  private InProcessPipeline(String writeKey, String source, Map<String, String> streamsOverrides,
      Map<String, String> ingestOverrides) {
    this.writeKey = writeKey;
    this.database = TestClickHouse.createDatabase();
    Map<String, String> common = new HashMap<>(topics.configuration());
    common.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
    common.put("schema.registry.url", TestRegistry.url());

    Map<String, String> ingestConfig = new HashMap<>(common);
    ingestConfig.put("http.port", "0");
    ingestConfig.put("http.host", "127.0.0.1");
    ingestConfig.put("ingest.write.keys", writeKey + ":" + source);
    ingestConfig.putAll(ingestOverrides);
    ingest = IngestApplication.start(IngestSettings.from(LayeredConfig.load(IngestSettings.definition(), Map.of(), ingestConfig)));

    streamsConfig = new HashMap<>(common);
    streamsConfig.put("application.id", prefix + "transform");
    streamsConfig.put("state.dir", tempDir("e2e-streams"));
    streams = startStreams(streamsOverrides);

    Map<String, String> sinkConfig = new HashMap<>(common);
    sinkConfig.put("sink.group.id", prefix + "sink");
    sinkConfig.put("clickhouse.url", TestClickHouse.httpUrl());
    sinkConfig.put("clickhouse.database", database);
    sink = SinkApplication.start(SinkSettings.from(LayeredConfig.load(SinkSettings.definition(), Map.of(), sinkConfig)),
        ResumeStrategy.FROM_WAREHOUSE, sinkMetrics);
    awaitSinkRunning(Duration.ofSeconds(60));
  }

  /**
   * The sink creates its tables and views on its own thread after {@code start} returns; a test that
   * queried a view before that would fail on a missing table when the machine is busy.
   */
  private void awaitSinkRunning(Duration timeout) {
    await("the sink created its tables and subscribed").atMost(timeout).pollInterval(Duration.ofMillis(20))
        .until(() -> sink.isRunning() || sink.failure().isPresent());
    if (sink.failure().isPresent()) {
      throw new IllegalStateException("the sink stopped while starting", sink.failure().get());
    }
  }

  /** Starts ingest (write key → source), streams and sink; returns once streams is RUNNING and the sink has its tables. */
  static InProcessPipeline start(String writeKey, String source) {
    return new InProcessPipeline(writeKey, source, Map.of(), Map.of());
  }

  /** Like {@link #start(String, String)}, with some streams settings overridden. */
  static InProcessPipeline start(String writeKey, String source, Map<String, String> streamsOverrides) {
    return new InProcessPipeline(writeKey, source, streamsOverrides, Map.of());
  }

  /** Like {@link #start(String, String, Map)}, with some ingest settings overridden too. */
  static InProcessPipeline start(String writeKey, String source, Map<String, String> streamsOverrides,
      Map<String, String> ingestOverrides) {
    return new InProcessPipeline(writeKey, source, streamsOverrides, ingestOverrides);
  }

  /** Stops the streams stage and starts it again (same application id and state) with other overrides. */
  void restartStreams(Map<String, String> overrides) {
    streams.close();
    streams = startStreams(overrides);
  }

  private StreamsApplication startStreams(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(streamsConfig);
    config.putAll(overrides);
    StreamsSettings settings = StreamsSettings.from(LayeredConfig.load(StreamsSettings.definition(), Map.of(), config));
    // as the service's Main wires it, minus the watcher: a test's definitions file does not change while it runs
    Optional<Definitions> definitions = settings.experiments().definitionsFile().map(InProcessPipeline::definitions);
    StreamsApplication started = StreamsApplication.start(settings, definitions.isPresent()
        ? settings.topologySettings(() -> definitions) : settings.topologySettings());
    started.awaitRunning(Duration.ofSeconds(60));
    streamsMetrics = ServiceMeters.prometheus();
    started.bindMetrics(streamsMetrics);
    return started;
  }

  private static Definitions definitions(java.nio.file.Path file) {
    try {
      DefinitionsParser.Parsed parsed = DefinitionsParser.parse(Files.readString(file),
          MetricCatalogue.bundled().experimentMetrics().keySet());
      if (parsed instanceof DefinitionsParser.Valid valid) {
        return valid.definitions();
      }
      throw new IllegalArgumentException("experiment definitions " + file + " refused: " + parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pipeline's name of a dataset's topic. */
  String topic(dev.tributary.common.catalogue.Dataset<?> dataset) {
    return topics.of(dataset);
  }

  /** Base URL of the ingest service, e.g. {@code http://127.0.0.1:41234}. */
  String ingestUrl() {
    return "http://127.0.0.1:" + ingest.port();
  }

  /**
   * What each service serves on {@code /metrics} now, by service (ingest over HTTP; streams and sink
   * from registries wired as their {@code Main}s wire them, with the Kafka client meters bound).
   */
  Map<String, String> metricsScrapes() throws Exception {
    String ingestMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ingestUrl() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return Map.of("ingest", ingestMetrics, "streams", streamsMetrics.scrape(), "sink", sinkMetrics.scrape());
  }

  /** Result of a query against the pipeline's database, stripped; TSV unless the SQL names a FORMAT. */
  String query(String sql) {
    return TestClickHouse.query(sql.replace("{db}", database)).strip();
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {ingest, streams, sink}) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("close of " + c.getClass().getSimpleName() + " failed: " + e);
      }
    }
  }

  private static String tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
