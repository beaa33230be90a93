package dev.tributary.streams.app;

import dev.tributary.common.kafka.TopicProvisioner;
import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.topology.PipelineTopology;
import dev.tributary.streams.topology.Topics;
import dev.tributary.streams.topology.TopologySettings;
import dev.tributary.streams.restore.RestoreLog;
import dev.tributary.streams.restore.RestoreTally;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running transform service: the one place that builds the registry client and serdes,
 * provisions topics, and owns the {@link KafkaStreams} instance. Used by {@link Main} and by tests,
 * which run it in-process.
 *
 * <p>An uncaught exception in a stream thread shuts the whole client down (state
 * {@code ERROR}) rather than replacing the thread: under exactly-once nothing is lost, and a
 * supervisor restarting a failed process is easier to see and reason about than a thread that
 * silently restarts around a persistent fault.
 *
 * <p>Thread-safe: start/await/close may be called from any thread; {@link #close()} is idempotent.
 */
public final class StreamsApplication implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsApplication.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RESTORE_PROGRESS_EVERY = Duration.ofSeconds(10);

  private final StreamsSettings settings;
  private final SchemaRegistryClient registry;
  private final KafkaStreams streams;
  private final CompletableFuture<Void> running = new CompletableFuture<>();
  private final CompletableFuture<State> terminated = new CompletableFuture<>();
  private final RestoreTally restores = new RestoreTally(RESTORE_PROGRESS_EVERY);
  private final RestoreLog restoreLog = new RestoreLog(restores);

  private StreamsApplication(StreamsSettings settings, SchemaRegistryClient registry, KafkaStreams streams) {
    this.settings = settings;
    this.registry = registry;
    this.streams = streams;
  }

  /**
   * Provisions the topics, then starts processing in the background; returns once the streams
   * client was started (use {@link #awaitRunning} to wait for partitions to be assigned).
   *
   * @throws IllegalStateException when Kafka cannot be reached to provision the topics
   */
  public static StreamsApplication start(StreamsSettings settings) {
    return start(settings, settings.topologySettings());
  }

  /**
   * Like {@link #start(StreamsSettings)}, but builds the topology from {@code topologySettings}
   * instead of {@link StreamsSettings#topologySettings()}: for a test that runs the service with a
   * different topology, e.g. the crash test's negative control without dedupe. The Kafka Streams
   * configuration is still {@link StreamsSettings#streamsConfig()}.
   *
   * @throws IllegalStateException when Kafka cannot be reached to provision the topics
   */
  public static StreamsApplication start(StreamsSettings settings, TopologySettings topologySettings) {
    Map<String, Object> config = settings.streamsConfig();
    provisionTopics(settings, new StreamsConfig(config));
    SchemaRegistryClient registry = new SchemaRegistryClient(settings.schemaRegistryUrl(),
        settings.schemaRegistryTimeout());
    try {
      Topology topology = PipelineTopology.build(topics(settings, registry), topologySettings);
      log.debug("Topology of {}:\n{}", settings.applicationId(), topology.describe());
      KafkaStreams streams = new KafkaStreams(topology, new StreamsConfig(config));
      StreamsApplication app = new StreamsApplication(settings, registry, streams);
      streams.setStateListener(app::onStateChange);
      streams.setGlobalStateRestoreListener(app.restoreLog);
      streams.setUncaughtExceptionHandler(e -> {
        log.error("Stream thread of {} failed; shutting the client down (a restart resumes exactly once"
            + " from the last commit)", settings.applicationId(), e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      });
      try {
        streams.start();
      } catch (RuntimeException e) {
        streams.close(CloseOptions.timeout(Duration.ZERO));
        throw e;
      }
      log.info("Started {}: reads {}, writes {}", settings.applicationId(), settings.topics().of(Datasets.RAW),
          Datasets.producedBy(Dataset.Stage.STREAMS).stream().map(settings.topics()::of).toList());
      return app;
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /** The topics with their serdes: Avro in the Confluent wire format, raw values left as bytes. */
  static Topics topics(StreamsSettings s, SchemaRegistryClient registry) {
    return Topics.of(s.topics(), registry, new AvroDeserializer<>(registry, RawEvent.class));
  }

  private static void provisionTopics(StreamsSettings s, StreamsConfig config) {
    List<NewTopic> topics = TopicProvisioner.newTopics(s.topics(), s.topicPartitions(), s.topicReplicationFactor());
    try (Admin admin = Admin.create(config.getAdminConfigs(s.applicationId() + "-provisioner"))) {
      TopicProvisioner.ensure(admin, topics, s.topicProvisionTimeout());
    }
  }

  private void onStateChange(State newState, State oldState) {
    log.info("{} state {} → {}", settings.applicationId(), oldState, newState);
    if (newState == State.RUNNING) {
      restoreLog.logSummary();
      running.complete(null);
    } else if (newState == State.ERROR || newState == State.NOT_RUNNING) {
      running.completeExceptionally(new IllegalStateException(
          settings.applicationId() + " stopped (" + newState + ") before it was running; see the log"));
      terminated.complete(newState);
    }
  }

  /**
   * Exports the Kafka Streams metrics (and those of its embedded producer, consumers and admin
   * client: consumer lag per partition, commit and process rates, restore progress) to
   * {@code registry}, named {@code kafka.stream.*}, {@code kafka.consumer.*}, {@code kafka.producer.*}, and
   * the restore of the local stores summed over tasks ({@code tributary.streams.restore.remaining.records},
   * {@code tributary.streams.restore.records}; see {@link RestoreLog}).
   */
  public void bindMetrics(MeterRegistry registry) {
    new KafkaStreamsMetrics(streams).bindTo(registry);
    Gauge.builder("tributary.streams.restore.remaining.records", restores, RestoreTally::remaining)
        .description("Changelog records the stores restoring now must still replay before the service is RUNNING")
        .register(registry);
    FunctionCounter.builder("tributary.streams.restore.records", restores, RestoreTally::restoredTotal)
        .description("Changelog records restored into the local stores since start")
        .register(registry);
  }

  /** The current state of the streams client. */
  public State state() {
    return streams.state();
  }

  /**
   * Waits until the client first reaches {@code RUNNING} (partitions assigned, state restored).
   *
   * @throws IllegalStateException when it stopped first or did not get there within {@code timeout}
   */
  public void awaitRunning(Duration timeout) {
    try {
      running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + settings.applicationId(), e);
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (TimeoutException e) {
      throw new IllegalStateException(settings.applicationId() + " is not RUNNING after " + timeout
          + " (state " + streams.state() + "); is Kafka reachable at " + settings.bootstrapServers() + "?");
    }
  }

  /** Blocks until the client has stopped, by {@link #close()} or by a fatal error; returns the final state. */
  public State awaitTermination() throws InterruptedException {
    try {
      return terminated.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Stops processing (committing what was processed), leaves the consumer group and releases the
   * registry client. Kafka Streams stays in the group on close by default, which only pays with
   * static membership (a restarted member reclaiming its id): this application has none, so staying
   * would hold its partitions from every other member, and from its own restart, until
   * {@code session.timeout.ms} (45 s by default) expires. A killed process cannot leave: that case
   * is the session timeout's, as before.
   */
  @Override
  public void close() {
    if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
      log.warn("{} did not close within {}; state {}", settings.applicationId(), CLOSE_TIMEOUT, streams.state());
    }
    registry.close();
  }
}
