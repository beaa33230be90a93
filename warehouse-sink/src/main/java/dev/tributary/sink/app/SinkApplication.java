package dev.tributary.sink.app;

import dev.tributary.common.catalogue.Dataset;
import dev.tributary.common.kafka.TopicProvisioner;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.sink.batching.BatchPolicy;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.clickhouse.ClickHouseWarehouse;
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.sink.cluster.ShardRoutingWarehouseWriter;
import dev.tributary.warehouse.schema.WarehouseShape;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.sink.kafka.RecordConverter;
import dev.tributary.sink.kafka.ResumeStrategy;
import dev.tributary.sink.kafka.RetryBackoff;
import dev.tributary.sink.kafka.SinkLoop;
import dev.tributary.sink.kafka.TopicBinding;
import dev.tributary.sink.kafka.LoopStatus;
import dev.tributary.sink.metrics.MeasuredWarehouseWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse sink in-process: ensures the input topics and the ClickHouse tables exist, then
 * runs the {@link SinkLoop} on its own thread until {@link #close()}. Used by {@link Main} and by
 * tests (the end-to-end tests run every service in one JVM).
 *
 * <p>If ClickHouse is unreachable at start, it keeps retrying (logging "ClickHouse unreachable at
 * URL; retrying"); a fatal error ends the thread with {@link State#FAILED} and {@link #failure()}.
 *
 * <p>Thread-safe.
 */
public final class SinkApplication implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkApplication.class);

  /** Lifecycle, for health checks and tests. */
  public enum State { STARTING, RUNNING, STOPPED, FAILED }

  private final SinkSettings settings;
  private final ResumeStrategy resume;
  private final MeterRegistry metrics;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile State state = State.STARTING;
  private volatile Throwable failure;
  private volatile SinkLoop loop;

  private SinkApplication(SinkSettings settings, ResumeStrategy resume, MeterRegistry metrics) {
    this.settings = settings;
    this.resume = resume;
    this.metrics = metrics;
    this.thread = new Thread(this::runSink, "warehouse-sink");
  }

  /** Starts the sink on its own thread and returns at once; see {@link #isRunning()}. */
  public static SinkApplication start(SinkSettings settings) {
    return start(settings, ResumeStrategy.FROM_WAREHOUSE);
  }

  /**
   * Starts the sink resuming partitions by {@code resume}: always {@link ResumeStrategy#FROM_WAREHOUSE}
   * but in tests that show what goes wrong without it (the crash test's negative control).
   */
  public static SinkApplication start(SinkSettings settings, ResumeStrategy resume) {
    return start(settings, resume, new SimpleMeterRegistry());
  }

  /**
   * Starts the sink exporting its meters to {@code metrics}: rows, batches, latency and failures of
   * the INSERTs per table ({@link MeasuredWarehouseWriter}) and the Kafka consumer's metrics
   * ({@code kafka.consumer.*}, among them {@code records.lag} per partition).
   */
  public static SinkApplication start(SinkSettings settings, ResumeStrategy resume, MeterRegistry metrics) {
    SinkApplication app = new SinkApplication(settings, Objects.requireNonNull(resume, "resume"),
        Objects.requireNonNull(metrics, "metrics"));
    app.thread.start();
    return app;
  }

  public State state() {
    return state;
  }

  /** True once the tables exist and the consumer is subscribed, until stop or failure. */
  public boolean isRunning() {
    SinkLoop l = loop;
    return state == State.RUNNING && l != null && l.isSubscribed();
  }

  /** The consume loop's assignment, for the readiness probe ({@link SinkProbes}). */
  public LoopStatus loopStatus() {
    SinkLoop l = loop;
    return l == null ? LoopStatus.NOT_SUBSCRIBED : l.status();
  }

  /** Why the sink stopped by itself, if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Waits until the sink thread has ended (after {@link #close()} or a fatal error). */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops consuming (unwritten rows are dropped: the next start resumes from the warehouse). */
  @Override
  public void close() {
    closing.countDown();
    SinkLoop l = loop;
    if (l != null) {
      l.stop();
    }
    try {
      if (!terminated.await(60, TimeUnit.SECONDS)) {
        LOG.warn("Warehouse sink thread did not stop within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runSink() {
    try (SchemaRegistryClient registry = new SchemaRegistryClient(settings.schemaRegistryUrl(),
            settings.schemaRegistryTimeout());
         ClickHouseWarehouse writer = openWarehouse()) {
      ensureTopics();
      if (!prepareWarehouse(writer)) {
        return;
      }
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.consumerConfig());
           KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer)) {
        consumerMetrics.bindTo(metrics);
        List<TopicBinding> bindings = bindings(registry);
        SinkLoop l = new SinkLoop(consumer, bindings,
            new MeasuredWarehouseWriter(writer, metrics, bindings.stream().map(TopicBinding::table).toList()),
            new BatchPolicy(settings.batchRows(), settings.batchMaxAge().toMillis()),
            new RetryBackoff(settings.retryBackoff().toMillis(), settings.retryBackoffMax().toMillis()),
            System::currentTimeMillis, settings.pollTimeout(), resume);
        loop = l;
        if (closing.getCount() == 0) {
          return;
        }
        state = State.RUNNING;
        LOG.info("Warehouse sink loading {} into ClickHouse {} database {}", settings.topics(),
            writer.describe(), settings.clickhouseDatabase());
        l.run();
      }
    } catch (Throwable t) {
      failure = t;
      state = State.FAILED;
      LOG.error("Warehouse sink stopped: {}", t.getMessage(), t);
    } finally {
      if (state != State.FAILED) {
        state = State.STOPPED;
      }
      terminated.countDown();
    }
  }

  /** One server at clickhouse.url, or the shards of the cluster shape ({@link ShardRoutingWarehouseWriter}). */
  private ClickHouseWarehouse openWarehouse() {
    if (settings.cluster().shape() instanceof WarehouseShape.Cluster) {
      return ShardRoutingWarehouseWriter.open(settings.cluster(), settings.clickhouseUser(),
          settings.clickhousePassword().value(), settings.clickhouseDatabase(), settings.clickhouseTimeout());
    }
    return new ClickHouseWarehouseWriter(settings.clickhouseUrl(), settings.clickhouseUser(),
        settings.clickhousePassword().value(), settings.clickhouseDatabase(), settings.clickhouseTimeout());
  }

  /** One binding per dataset of the catalogue that the sink loads: its topic, table and converter. */
  private List<TopicBinding> bindings(SchemaRegistryClient registry) {
    return settings.topics().datasets().stream().map(d -> binding(d, registry)).toList();
  }

  private <V extends SpecificRecord> TopicBinding binding(Dataset<V> dataset, SchemaRegistryClient registry) {
    return new TopicBinding(settings.topics().of(dataset), dataset.loading().table(),
        RecordConverter.of(dataset, new AvroDeserializer<>(registry, dataset.contract())));
  }

  private void ensureTopics() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, TopicProvisioner.newTopics(settings.topics(), settings.topicPartitions(),
          settings.topicReplicationFactor()), settings.topicProvisionTimeout());
    }
  }

  /** Creates the tables, retrying while ClickHouse is unreachable; false when closed meanwhile. */
  private boolean prepareWarehouse(ClickHouseWarehouse writer) throws InterruptedException {
    RetryBackoff backoff = new RetryBackoff(settings.retryBackoff().toMillis(), settings.retryBackoffMax().toMillis());
    for (int failures = 1; ; failures++) {
      try {
        writer.createSchema();
        return true;
      } catch (WarehouseException e) {
        if (!e.retriable()) {
          throw e;
        }
        long delay = backoff.delayMs(failures);
        LOG.warn("ClickHouse unreachable at {}; retrying table creation in {} ms (attempt {}): {}",
            writer.describe(), delay, failures, e.getMessage());
        if (closing.await(delay, TimeUnit.MILLISECONDS)) {
          return false;
        }
      }
    }
  }
}
