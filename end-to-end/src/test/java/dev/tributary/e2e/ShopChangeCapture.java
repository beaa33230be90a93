package dev.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.connect.app.Main;
import dev.tributary.connect.config.ConnectSettings;
import dev.tributary.localstack.component.PostgresProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.testsupport.TestCdcWorker;
import dev.tributary.testsupport.TestKafka;
import dev.tributary.testsupport.TestRegistry;
import dev.tributary.testsupport.TestShop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Change data capture through a whole {@link InProcessPipeline}: a shop database of its own, the CDC
 * worker in its own JVM writing the pipeline's raw and dead-letter topics, rows inserted, updated and
 * deleted, and the checks that they reach {@code events_v} exactly once (the {@code events} table
 * itself, without FINAL, holds each change once) and that the unmappable row is a {@code connect} dead
 * letter. Shared by {@link SourcesEndToEndIT} and {@link SourcesWorkerKillIT}. Not thread-safe; one
 * capture at a time per pipeline (the checks count the shop's rows in the pipeline's database).
 */
final class ShopChangeCapture implements AutoCloseable {

  private final InProcessPipeline pipeline;
  private final Path dir;
  private TestCdcWorker worker;

  ShopChangeCapture(InProcessPipeline pipeline, Path dir) {
    this.pipeline = pipeline;
    this.dir = dir;
  }

  /** Captures the shop's changes; with {@code killWorker}, the delete is made while the worker is SIGKILLed. */
  void assertChangesLandExactlyOnce(boolean killWorker) throws Exception {
    String prefix = "cdc-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    PostgresProcess postgres = TestShop.start(prefix + "shop");
    TestShop.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c1', 10.00, 'new')"); // snapshot
    Map<String, String> settings = settings(postgres, prefix);
    worker = TestCdcWorker.start(Main.class, settings, dir.resolve(prefix + "connect.log"));
    TestShop.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c2', 25.50, 'new')");
    TestShop.sql(postgres, "UPDATE orders SET status = 'paid' WHERE id = 1");
    if (killWorker) {
      // killed once these changes are in the warehouse: the worker then committed a WAL offset (in the
      // transaction of their records), which its restart resumes from. Killed before its first commit, it
      // would snapshot again on restart, and a new snapshot stands for the changes before it (one
      // snapshot row per row), which is Debezium's contract, not a loss: SOURCES.md, "Snapshot replayed".
      await("the changes before the kill in events_v").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500)).until(() -> pipeline.query("SELECT count() FROM {db}.events_v"
              + " WHERE source = 'postgres:shop'").equals("3"));
      worker.kill();
      TestShop.sql(postgres, "DELETE FROM orders WHERE id = 2");
      worker = TestCdcWorker.start(Main.class, settings, dir.resolve(prefix + "connect-restarted.log"));
    } else {
      TestShop.sql(postgres, "DELETE FROM orders WHERE id = 2");
    }
    TestShop.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES (NULL, 5.00, 'new')");
    TestShop.sql(postgres, "INSERT INTO orders (customer_id, amount, status) VALUES ('c5', 1.00, 'sentinel')");

    // every change awaited itself: the orders are keyed to different partitions, so the last one landing says
    // nothing of the others; a change landing twice shows in the events table's count below
    String changes = "SELECT event, user_id, revenue, visitParamExtractString(properties, 'status') FROM {db}.events_v"
        + " WHERE source = 'postgres:shop' ORDER BY event, user_id, revenue, visitParamExtractString(properties, 'status')";
    await("the changes in events_v").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          assertThat(pipeline.query(changes)).isEqualTo(String.join("\n",
              "order_created\tc1\t10\tnew",
              "order_created\tc2\t25.5\tnew",
              "order_created\tc5\t1\tsentinel",
              "order_deleted\tc2\t25.5\tnew",
              "order_updated\tc1\t10\tpaid"));
          assertThat(pipeline.query("SELECT count() FROM {db}.dead_letters WHERE stage = 'connect'")).isNotEqualTo("0");
        });
    assertThat(pipeline.query("SELECT count(), uniqExact(event_id) FROM {db}.events WHERE source = 'postgres:shop'"))
        .as("each change once in the table itself, not only in the FINAL view").isEqualTo("5\t5");
    assertThat(pipeline.query("SELECT reason, field FROM {db}.dead_letters WHERE stage = 'connect'"))
        .isEqualTo("MISSING_FIELD\tcustomer_id");
  }

  private Map<String, String> settings(PostgresProcess postgres, String prefix) throws Exception {
    Path mapping = dir.resolve(prefix + "mapping.properties");
    Files.writeString(mapping, TestShop.MAPPING);
    Map<String, String> s = new HashMap<>();
    s.put(PipelineConfig.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    s.put(PipelineConfig.SCHEMA_REGISTRY_URL, TestRegistry.url());
    s.put(Datasets.RAW.topic().configKey(), pipeline.topic(Datasets.RAW));
    s.put(Datasets.DEAD_LETTERS.topic().configKey(), pipeline.topic(Datasets.DEAD_LETTERS));
    s.put(ConnectSettings.REST_PORT, Integer.toString(Ports.free()));
    s.put(ConnectSettings.GROUP_ID, prefix + "connect");
    s.put(ConnectSettings.STORAGE_TOPIC_PREFIX, prefix + "connect-");
    s.put(ConnectSettings.MAPPING_FILE, mapping.toString());
    s.put(ConnectSettings.POSTGRES_PORT, Integer.toString(postgres.port()));
    s.put(ConnectSettings.POSTGRES_DATABASE, TestShop.DATABASE);
    return s;
  }

  /** Stops the worker, if one runs. */
  @Override
  public void close() {
    if (worker != null) {
      worker.stop();
      worker = null;
    }
  }
}
