package dev.tributary.sink.testing;

import static dev.tributary.testsupport.TestRecords.JAN;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.events.CleanEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.BatchPolicy;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.batching.WarehouseWriter;
import dev.tributary.sink.kafka.RecordConverter;
import dev.tributary.sink.kafka.ResumeStrategy;
import dev.tributary.sink.kafka.RetryBackoff;
import dev.tributary.sink.kafka.SinkLoop;
import dev.tributary.sink.kafka.TopicBinding;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.testsupport.TestRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The zombie-sink scenario's moving parts, shared by the single-server and the cluster test: a topic of one
 * partition with clean events, and sink loops of the real {@link SinkLoop} in one consumer group with a short
 * {@code max.poll.interval.ms}, each over a writer of the test's choosing; {@link StallingWriter} holds an
 * instance's first INSERT until released, so that instance stalls past the poll interval and the group gives
 * its partition to another. {@link #close()} releases every stall and stops every loop.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class ZombieSinks implements AutoCloseable {

  /** Short, so that a stalled instance is removed from the group within seconds. */
  public static final int MAX_POLL_INTERVAL_MS = 3_000;

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "zombie-" + id;
  private final List<Thread> threads = new ArrayList<>();
  private final List<SinkLoop> loops = new ArrayList<>();
  private final List<CountDownLatch> stalls = new ArrayList<>();

  /** Creates the topic (one partition) and sends {@code records} clean events to it. */
  public ZombieSinks(int records) throws Exception {
    TestKafka.createTopics(1, topic);
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
         KafkaProducer<String, CleanEvent> producer = new KafkaProducer<>(Map.of(
             ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
             new StringSerializer(), new AvroSerializer<>(registry, false))) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, "user-" + (i % 17), TestRecords.cleanEvent(id + "-" + i,
            JAN.plusMillis(i))));
      }
      producer.flush();
    }
  }

  /** The topic, for counting its rows. */
  public String topic() {
    return topic;
  }

  /** Wraps {@code writer} so that its first INSERT stalls until released (released at {@link #close()} too). */
  public StallingWriter stalling(WarehouseWriter writer) {
    StallingWriter stalling = new StallingWriter(writer);
    stalls.add(stalling.release);
    return stalling;
  }

  /** Starts a sink instance named {@code name} of the group, loading the topic into {@code events} through {@code writer}. */
  public void start(String name, WarehouseWriter writer) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "zombie-sink-" + id,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.toString(MAX_POLL_INTERVAL_MS),
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200"), new StringDeserializer(), new ByteArrayDeserializer());
    SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
    TopicBinding binding = new TopicBinding(topic, WarehouseTables.EVENTS,
        RecordConverter.of(Datasets.CLEAN, new AvroDeserializer<>(registry, CleanEvent.class)));
    SinkLoop loop = new SinkLoop(consumer, List.of(binding), writer, new BatchPolicy(300, 200),
        new RetryBackoff(100, 500), System::currentTimeMillis, Duration.ofMillis(50), ResumeStrategy.FROM_WAREHOUSE);
    loops.add(loop);
    Thread t = new Thread(() -> {
      try (consumer; registry) {
        loop.run();
      }
    }, "zombie-it-sink-" + name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  @Override
  public void close() throws InterruptedException {
    stalls.forEach(CountDownLatch::countDown); // a failed test must not leave an insert stalled
    loops.forEach(SinkLoop::stop);
    for (Thread t : threads) {
      t.join(30_000);
    }
  }

  /**
   * The test hook around the writer port: the first INSERT stops before it reaches the real writer
   * until {@link #release} (a JVM pause, a slow network or a stuck client look the same to the
   * warehouse: the request arrives late), then goes on and records how it ended.
   */
  public static final class StallingWriter implements WarehouseWriter {
    public final CountDownLatch stalled = new CountDownLatch(1);
    public final CountDownLatch release = new CountDownLatch(1);
    public final CompletableFuture<WarehouseException> outcome = new CompletableFuture<>();
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final WarehouseWriter delegate;

    StallingWriter(WarehouseWriter delegate) {
      this.delegate = delegate;
    }

    @Override
    public void refillDerivedOf(Batch batch) {
      delegate.refillDerivedOf(batch);
    }

    @Override
    public void insert(Batch batch, long epoch) {
      if (!first.getAndSet(false)) {
        delegate.insert(batch, epoch);
        return;
      }
      stalled.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      try {
        delegate.insert(batch, epoch);
        outcome.complete(null);
      } catch (WarehouseException e) {
        outcome.complete(e);
        throw e;
      }
    }

    @Override
    public long claim(WarehouseTable table, String topic, int partition, long epoch) {
      return delegate.claim(table, topic, partition, epoch);
    }

    @Override
    public OptionalLong nextOffset(WarehouseTable table, String topic, int partition) {
      return delegate.nextOffset(table, topic, partition);
    }

    @Override
    public String describe() {
      return delegate.describe();
    }
  }
}
