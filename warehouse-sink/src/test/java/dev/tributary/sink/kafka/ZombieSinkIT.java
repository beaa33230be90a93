package dev.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.sink.testing.ZombieSinks;
import dev.tributary.testsupport.TestClickHouse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The zombie sink against a real broker and ClickHouse 18.16: instance A's first INSERT stalls
 * inside its writer (a test hook around the writer port, before the request reaches ClickHouse)
 * while its revocation waits for it, past {@code max.poll.interval.ms}; the group gives the
 * partition to instance B, which loads every record; then A's INSERT is let go and reaches
 * ClickHouse late. The fence refuses it, and the raw table, whose merges are stopped, holds every
 * offset exactly once, counted by topic/partition/offset. The cluster shape's variant is in
 * {@code ClusterSinkIT}.
 */
class ZombieSinkIT {

  private static final int RECORDS = 1_000;

  private final String database = TestClickHouse.createDatabase();

  @Test
  void shouldRefuseTheInsertOfASinkThatStalledPastThePollIntervalAfterAnotherInstanceTookItsPartition()
      throws Exception {
    try (ClickHouseWarehouseWriter writerA = writer(); ClickHouseWarehouseWriter writerB = writer();
         ZombieSinks sinks = new ZombieSinks(RECORDS)) {
      writerA.createSchema();
      TestClickHouse.execute("SYSTEM STOP MERGES " + database + ".events"); // so a duplicate stays a row
      ZombieSinks.StallingWriter stallingA = sinks.stalling(writerA);

      sinks.start("a", stallingA);
      assertThat(stallingA.stalled.await(60, TimeUnit.SECONDS)).as("A's first INSERT stalls").isTrue();
      sinks.start("b", writerB);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> counts(sinks.topic()).equals(RECORDS + "\t" + RECORDS));
      stallingA.release.countDown();
      WarehouseException late = stallingA.outcome.get(30, TimeUnit.SECONDS);

      assertThat(late).as("A's INSERT reached ClickHouse after B claimed the partition").isNotNull();
      assertThat(late.fenced()).as(late.toString()).isTrue();
      assertThat(counts(sinks.topic())).as("rows, distinct (topic, partition, offset)")
          .isEqualTo(RECORDS + "\t" + RECORDS);
      assertThat(TestClickHouse.query("SELECT max(level) FROM system.parts WHERE database = '" + database
          + "' AND table = 'events' AND active").strip()).as("no part was merged").isEqualTo("0");
    }
  }

  private String counts(String topic) {
    return TestClickHouse.query("SELECT count(), uniqExact(_topic, _partition, _offset) FROM " + database
        + ".events WHERE _topic = '" + topic + "'").strip();
  }

  private ClickHouseWarehouseWriter writer() {
    return new ClickHouseWarehouseWriter(TestClickHouse.httpUrl(), "default", "", database, Duration.ofSeconds(30));
  }
}
