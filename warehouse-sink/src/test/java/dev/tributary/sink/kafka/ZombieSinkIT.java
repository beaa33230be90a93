package dev.tributary.sink.kafka;

import static dev.tributary.testsupport.TestRecords.JAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.testsupport.TestClickHouse;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The zombie sink against a real broker and ClickHouse 18.16: instance A's first INSERT stalls
 * inside its writer (a test hook around the writer port, before the request reaches ClickHouse)
 * while its revocation waits for it, past {@code max.poll.interval.ms}; the group gives the
 * partition to instance B, which loads every record; then A's INSERT is let go and reaches
 * ClickHouse late. The fence refuses it, and the raw table, whose merges are stopped, holds every
 * offset exactly once, counted by topic/partition/offset.
 */
class ZombieSinkIT {

  private static final int RECORDS = 1_000;
  private static final int MAX_POLL_INTERVAL_MS = 3_000;

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "zombie-" + id;
  private final String database = TestClickHouse.createDatabase();
  private final List<Thread> threads = new ArrayList<>();
  private final List<SinkLoop> loops = new ArrayList<>();
  private final List<CountDownLatch> stalls = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    stalls.forEach(CountDownLatch::countDown); // a failed test must not leave an insert stalled
    loops.forEach(SinkLoop::stop);
    for (Thread t : threads) {
      t.join(30_000);
    }
  }

  @Test
  void shouldRefuseTheInsertOfASinkThatStalledPastThePollIntervalAfterAnotherInstanceTookItsPartition()
      throws Exception {
    TestKafka.createTopics(1, topic);
    produce(RECORDS);
    try (ClickHouseWarehouseWriter writerA = writer(); ClickHouseWarehouseWriter writerB = writer()) {
      writerA.createSchema();
      TestClickHouse.execute("SYSTEM STOP MERGES " + database + ".events"); // so a duplicate stays a row
      StallingWriter stallingA = new StallingWriter(writerA);
      stalls.add(stallingA.release);

      start("a", stallingA);
      assertThat(stallingA.stalled.await(60, TimeUnit.SECONDS)).as("A's first INSERT stalls").isTrue();
      start("b", writerB);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> counts().equals(RECORDS + "\t" + RECORDS));
      stallingA.release.countDown();
      WarehouseException late = stallingA.outcome.get(30, TimeUnit.SECONDS);

      assertThat(late).as("A's INSERT reached ClickHouse after B claimed the partition").isNotNull();
      assertThat(late.fenced()).as(late.toString()).isTrue();
      assertThat(counts()).as("rows, distinct (topic, partition, offset)").isEqualTo(RECORDS + "\t" + RECORDS);
      assertThat(TestClickHouse.query("SELECT max(level) FROM system.parts WHERE database = '" + database
          + "' AND table = 'events' AND active").strip()).as("no part was merged").isEqualTo("0");
    }
  }

  private String counts() {
    return TestClickHouse.query("SELECT count(), uniqExact(_topic, _partition, _offset) FROM " + database
        + ".events WHERE _topic = '" + topic + "'").strip();
  }

  private ClickHouseWarehouseWriter writer() {
    return new ClickHouseWarehouseWriter(TestClickHouse.httpUrl(), "default", "", database, Duration.ofSeconds(30));
  }

  private void start(String name, WarehouseWriter writer) {
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

  private void produce(int n) throws Exception {
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
         KafkaProducer<String, CleanEvent> producer = new KafkaProducer<>(Map.of(
             ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
             new StringSerializer(), new AvroSerializer<>(registry, false))) {
      for (int i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>(topic, "user-" + (i % 17), TestRecords.cleanEvent(id + "-" + i,
            JAN.plusMillis(i))));
      }
      producer.flush();
    }
  }

  /**
   * The test hook around the writer port: the first INSERT stops before it reaches the real writer
   * until {@link #release} (a JVM pause, a slow network or a stuck client look the same to the
   * warehouse: the request arrives late), then goes on and records how it ended.
   */
  private static final class StallingWriter implements WarehouseWriter {
    final CountDownLatch stalled = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CompletableFuture<WarehouseException> outcome = new CompletableFuture<>();
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final WarehouseWriter delegate;

    StallingWriter(WarehouseWriter delegate) {
      this.delegate = delegate;
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
