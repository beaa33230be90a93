package dev.tributary.ingest.app;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;

import dev.tributary.events.AuditCount;
import dev.tributary.events.RawEvent;
import dev.tributary.common.admin.ServiceMeters;
import dev.tributary.ingest.audit.RejectionLedger;
import dev.tributary.ingest.kafka.KafkaRejectionLedger;
import dev.tributary.common.kafka.TopicProvisioner;
import dev.tributary.ingest.config.IngestSettings;
import dev.tributary.ingest.http.IngestMetrics;
import dev.tributary.ingest.http.IngestRouter;
import dev.tributary.ingest.kafka.BoundedEventPublisher;
import dev.tributary.ingest.kafka.EventPublisher;
import dev.tributary.ingest.kafka.KafkaEventPublisher;
import dev.tributary.ingest.kafka.RawEventProducerConfig;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerializer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingest service: its topics ensured, registry client, producer, experiment definitions
 * ({@link ExperimentsRuntime}) and HTTP server, started and stopped together. Used by {@link Main} and by tests that run the service in-process.
 *
 * <p>{@link #close()} is idempotent and thread-safe; the other methods are plain getters.
 */
public final class IngestApplication implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestApplication.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  /** Time in-flight requests get to finish when the server stops. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final HttpServer server;
  private final EventPublisher publisher;
  private final SchemaRegistryClient registry;
  private final DependencyReadiness readiness;
  private final ExperimentsRuntime experiments;
  private final RejectionLedger rejections;
  private boolean closed;

  private IngestApplication(Vertx vertx, HttpServer server, EventPublisher publisher, SchemaRegistryClient registry,
      DependencyReadiness readiness, ExperimentsRuntime experiments, RejectionLedger rejections) {
    this.vertx = vertx;
    this.server = server;
    this.publisher = publisher;
    this.registry = registry;
    this.readiness = readiness;
    this.experiments = experiments;
    this.rejections = rejections;
  }

  /**
   * Starts the service and returns once it accepts requests.
   *
   * @throws IllegalStateException when Kafka, the registry or the HTTP port is unavailable
   * @throws org.apache.kafka.common.config.ConfigException when the experiment definitions file is missing or invalid
   */
  public static IngestApplication start(IngestSettings settings) {
    ensureTopic(settings);
    SchemaRegistryClient registry = new SchemaRegistryClient(settings.schemaRegistryUrl(), settings.schemaRegistryTimeout());
    EventPublisher publisher = null;
    Vertx vertx = null;
    DependencyReadiness readiness = null;
    ExperimentsRuntime experiments = null;
    RejectionLedger rejections = null;
    try {
      warmUpSchema(registry, settings.topicRaw());
      Map<String, Object> props = RawEventProducerConfig.build(
          settings.kafkaBootstrapServers(), settings.produceTimeout(), settings.producerOverrides());
      KafkaProducer<String, RawEvent> producer =
          new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<RawEvent>(registry, false));
      BoundedEventPublisher bounded = new BoundedEventPublisher(
          new KafkaEventPublisher(producer, settings.topicRaw(), settings.produceTimeout()),
          settings.maxInFlightEvents(), settings.maxInFlightBytes());
      publisher = bounded;
      IngestMetrics metrics = new IngestMetrics(ServiceMeters.prometheus()); // JVM meters too, like streams and sink
      metrics.gauge("ingest.in.flight.events", "Events handed to Kafka and not yet acknowledged", bounded::inFlight);
      metrics.gauge("ingest.in.flight.bytes", "Estimated bytes handed to Kafka and not yet acknowledged",
          bounded::inFlightBytes);
      experiments = ExperimentsRuntime.start(settings, registry, metrics.registry());
      readiness = new DependencyReadiness(settings.kafkaBootstrapServers(), settings.topicRaw(),
          settings.schemaRegistryUrl(), settings.readinessTimeout());
      rejections = rejectionLedger(settings, registry);
      vertx = Vertx.vertx();
      HttpServer server = vertx.createHttpServer()
          .requestHandler(IngestRouter.create(vertx, settings, publisher, Clock.systemUTC(), metrics, readiness,
              experiments.definitions(), rejections))
          .listen(settings.httpPort(), settings.httpHost())
          .await(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.info("Ingest service listening on {}:{}, writing to topic {}", settings.httpHost(), server.actualPort(),
          settings.topicRaw());
      return new IngestApplication(vertx, server, publisher, registry, readiness, experiments, rejections);
    } catch (Exception e) {
      closeQuietly(experiments);
      closeQuietly(rejections);
      closeQuietly(vertx, publisher, registry, readiness);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("Ingest service did not start: " + e.getMessage(), e);
    }
  }

  /** The port the HTTP server listens on (the chosen one when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  /** Stops accepting requests, lets in-flight ones finish, flushes and closes the producer. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)
          .await(SHUTDOWN_GRACE.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("HTTP server did not stop cleanly", e);
    }
    closeQuietly(experiments);
    closeQuietly(rejections);
    closeQuietly(vertx, publisher, registry, readiness);
    log.info("Ingest service stopped");
  }

  private static void ensureTopic(IngestSettings settings) {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "tributary-ingest-admin"))) {
      TopicProvisioner.ensure(admin,
          TopicProvisioner.newTopics(TopicNames.of(Map.of(Datasets.RAW, settings.topicRaw(),
              Datasets.EXPERIMENT_CHANGES, settings.topicExperimentChanges(), Datasets.AUDIT, settings.topicAudit())),
              settings.topicPartitions(), settings.topicReplicationFactor()),
          STARTUP_TIMEOUT);
    }
  }

  // Registering at start makes a misconfigured registry fail here rather than on the first request;
  // a registry that is merely down is tolerated: the serializer registers again on first send.
  private static void warmUpSchema(SchemaRegistryClient registry, String topic) {
    try {
      registry.register(AvroSerializer.subject(topic, false), RawEvent.getClassSchema());
    } catch (RuntimeException e) {
      log.warn("Could not register the RawEvent schema for topic {} at start; requests will retry it: {}",
          topic, e.getMessage());
    }
  }

  /**
   * The audit ledger's refusal counts: their own idempotent, acks=all producer (the raw events'
   * settings and timeouts), the reporter named after this instance's host and port.
   */
  private static RejectionLedger rejectionLedger(IngestSettings settings, SchemaRegistryClient registry) {
    Map<String, Object> props = RawEventProducerConfig.build(
        settings.kafkaBootstrapServers(), settings.produceTimeout(), settings.producerOverrides());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-ingest-audit");
    String reporter = hostName() + ":" + settings.httpPort();
    return new KafkaRejectionLedger(new KafkaProducer<>(props, new StringSerializer(),
        new AvroSerializer<AuditCount>(registry, false)), settings.topicAudit(), reporter, settings.produceTimeout());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  private static void closeQuietly(RejectionLedger rejections) {
    if (rejections != null) {
      try {
        rejections.close();
      } catch (RuntimeException e) {
        log.warn("Audit ledger producer did not close cleanly", e);
      }
    }
  }

  private static void closeQuietly(ExperimentsRuntime experiments) {
    if (experiments != null) {
      try {
        experiments.close();
      } catch (RuntimeException e) {
        log.warn("Experiment definitions watcher did not close cleanly", e);
      }
    }
  }

  private static void closeQuietly(Vertx vertx, EventPublisher publisher, SchemaRegistryClient registry,
      DependencyReadiness readiness) {
    if (readiness != null) {
      try {
        readiness.close();
      } catch (RuntimeException e) {
        log.warn("Readiness Admin client did not close cleanly", e);
      }
    }
    if (publisher != null) {
      try {
        publisher.close();
      } catch (RuntimeException e) {
        log.warn("Producer did not close cleanly", e);
      }
    }
    if (vertx != null) {
      try {
        vertx.close().await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.warn("Vert.x did not close cleanly", e);
      }
    }
    try {
      registry.close();
    } catch (RuntimeException e) {
      log.warn("Registry client did not close cleanly", e);
    }
  }
}
