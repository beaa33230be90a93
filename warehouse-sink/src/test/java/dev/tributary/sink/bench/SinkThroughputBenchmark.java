package dev.tributary.sink.bench;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.events.CleanEvent;
import dev.tributary.schema.registry.SchemaRegistryClient;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.sink.app.SinkApplication;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.testsupport.TestClickHouse;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Rows/s of the whole sink (consume, decode, batch, encode, INSERT, commit) loading a pre-filled
 * 3-partition {@code events.clean} topic on the test Kafka broker into the test ClickHouse 18.16,
 * with the sink's default batch settings. Fills the topic once, then runs the sink {@code runs}
 * times, each with a fresh consumer group and database, so each run loads all rows. Prints each
 * run's rate and the median; asserts only that every run loaded exactly N rows.
 *
 * <p>The Kafka broker runs in this JVM, so the CPU figure includes it. Run: see docs/PERFORMANCE.md.
 */
public final class SinkThroughputBenchmark {

  private SinkThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String id = UUID.randomUUID().toString().substring(0, 8);
    String clean = "bench-clean-" + id;
    TestKafka.createTopics(3, clean, "bench-dlq-" + id, "bench-metrics-" + id);
    long fillStart = System.nanoTime();
    fill(clean, n);
    System.out.printf("sink-bench: filled %s with %d CleanEvents over 3 partitions in %.1f s%n", clean, n,
        (System.nanoTime() - fillStart) / 1e9);

    double[] rates = new double[runs];
    for (int r = 0; r < runs; r++) {
      rates[r] = runOnce(n, id, r);
    }
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    System.out.printf("sink-bench: %d rows, runs %s rows/s, median %.0f rows/s%n", n, Arrays.toString(
        Arrays.stream(rates).mapToLong(Math::round).toArray()), sorted[runs / 2]);
    System.exit(0); // fixtures stop in their shutdown hooks
  }

  private static double runOnce(int n, String id, int run) throws Exception {
    String database = TestClickHouse.createDatabase();
    Map<String, String> config = new HashMap<>();
    config.put(SinkSettings.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    config.put(SinkSettings.SCHEMA_REGISTRY_URL, TestRegistry.url());
    config.put(SinkSettings.CLICKHOUSE_URL, TestClickHouse.httpUrl());
    config.put(SinkSettings.CLICKHOUSE_DATABASE, database);
    config.put(Datasets.CLEAN.topic().configKey(), "bench-clean-" + id);
    config.put(Datasets.DEAD_LETTERS.topic().configKey(), "bench-dlq-" + id);
    config.put(Datasets.METRICS_MINUTE.topic().configKey(), "bench-metrics-" + id);
    config.put(SinkSettings.GROUP_ID, "bench-sink-" + id + "-" + run);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (SinkApplication app = SinkApplication.start(SinkSettings.of(config))) {
      waitUntil(() -> app.isRunning() || app.failure().isPresent(), Duration.ofMinutes(2));
      if (app.failure().isPresent()) {
        throw new IllegalStateException("sink failed", app.failure().get());
      }
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long rows = 0;
      long deadline = t0 + Duration.ofMinutes(10).toNanos();
      while (rows < n) {
        if (System.nanoTime() > deadline || app.failure().isPresent()) {
          throw new IllegalStateException("run " + run + ": only " + rows + " of " + n + " rows loaded",
              app.failure().orElse(null));
        }
        Thread.sleep(20);
        rows = Long.parseLong(TestClickHouse.query("SELECT count() FROM " + database + ".events").strip());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
      if (rows != n) {
        throw new IllegalStateException("run " + run + ": " + rows + " rows for " + n + " records");
      }
      double rate = n / seconds;
      System.out.printf("sink-bench: run %d: %d rows in %.2f s = %.0f rows/s (this JVM incl. broker: %.2f CPU s,"
          + " %.2f cores)%n", run + 1, n, seconds, rate, cpuSeconds, cpuSeconds / seconds);
      return rate;
    }
  }

  private static void fill(String topic, int n) throws Exception {
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    SplittableRandom random = new SplittableRandom(42);
    Instant base = Instant.parse("2026-03-10T12:00:00Z");
    try (SchemaRegistryClient registry = new SchemaRegistryClient(TestRegistry.url(), Duration.ofSeconds(10));
         KafkaProducer<String, CleanEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
             new AvroSerializer<>(registry, false))) {
      for (int i = 0; i < n; i++) {
        CleanEvent e = event(random, base.plusMillis(i));
        producer.send(new ProducerRecord<>(topic, i % 3, e.getUserId(), e));
      }
      producer.flush();
    }
  }

  /** A CleanEvent of typical size (~0.5 KB): ids, a few properties, a browser context. */
  static CleanEvent event(SplittableRandom random, Instant receivedAt) {
    String user = "user-" + random.nextInt(100_000);
    return CleanEvent.newBuilder()
        .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
        .setType("track")
        .setEvent(random.nextInt(4) == 0 ? "Order Completed" : "Product Viewed")
        .setUserId(user)
        .setAnonymousId(random.nextBoolean() ? null : new UUID(random.nextLong(), random.nextLong()).toString())
        .setTimestamp(receivedAt.minusMillis(150))
        .setOriginalTimestamp(receivedAt.minusMillis(200))
        .setSentAt(receivedAt.minusMillis(50))
        .setReceivedAt(receivedAt)
        .setSource("web")
        .setProperties("{\"product_id\":\"sku-" + random.nextInt(10_000) + "\",\"price\":" + random.nextInt(500)
            + ".99,\"currency\":\"EUR\",\"category\":\"outdoor/tents\",\"name\":\"Trail 2P ultralight tent\"}")
        .setContext("{\"ip\":\"10.0." + random.nextInt(256) + "." + random.nextInt(256) + "\",\"library\":{\"name\":"
            + "\"analytics.js\",\"version\":\"4.1.0\"},\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) "
            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36\",\"locale\":\"en-GB\"}")
        .setRevenue(random.nextInt(4) == 0 ? 19.99 : null)
        .build();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out");
      }
      Thread.sleep(20);
    }
  }
}
