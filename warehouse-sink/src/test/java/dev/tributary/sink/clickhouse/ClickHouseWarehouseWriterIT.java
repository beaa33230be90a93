package dev.tributary.sink.clickhouse;

import dev.tributary.sink.testing.Claimed;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.sink.testing.TestWarehouse;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.warehouse.metrics.MetricDefinitionsTable;
import dev.tributary.warehouse.schema.TableDdl;
import static dev.tributary.testsupport.TestRecords.JAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tributary.events.CleanEvent;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.Rows;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.testing.Batches;
import dev.tributary.testsupport.TestRecords;
import dev.tributary.testsupport.TestClickHouse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ClickHouse adapter against the real 18.16 server: DDL, RowBinary inserts, resume queries, errors. */
class ClickHouseWarehouseWriterIT {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseWarehouseWriterIT.class);
  private static String database;
  private static ClickHouseWarehouseWriter writer;

  @BeforeAll
  static void createTables() {
    database = TestClickHouse.createDatabase();
    writer = TestWarehouse.withSchema(database);
  }

  @AfterAll
  static void close() {
    writer.close();
  }

  private static String q(String sql) {
    return TestClickHouse.query(sql).strip();
  }

  @Test
  void shouldCreateTablesAndViewsIdempotently() {
    writer.createSchema();

    assertThat(q("SELECT name FROM system.tables WHERE database = '" + database + "' ORDER BY name").split("\n"))
        .containsExactlyElementsOf(expectedRelations());
  }

  @Test
  void shouldLearnTheServerVersionAndRelyOnTheResumeQueryOn18_16() {
    assertThat(writer.server().version()).isEqualTo(q("SELECT version()"));
    assertThat(writer.server().insertDeduplicationToken()).isEqualTo(!writer.server().version().startsWith("18."));
  }

  /** A cluster node that did not run the DDL (another node did, {@code ON CLUSTER}) asks its server itself. */
  @Test
  void shouldAskTheServerVersionWhenItDidNotCreateTheSchema() {
    try (ClickHouseWarehouseWriter other = new ClickHouseWarehouseWriter(TestClickHouse.httpUrl(), "default", "",
        database, Duration.ofSeconds(10))) {
      assertThat(other.server().version()).isEqualTo(q("SELECT version()"));
    }
  }

  @Test
  void shouldInsertEventRowsWithEveryFieldIntact() {
    CleanEvent e = TestRecords.cleanEvent("it's-1", JAN);
    e.setAnonymousId("anon \t\n\\ é");
    e.setTraits("{\"plan\":\"it's pro\"}");
    e.setGroupId("acme");
    e.setPreviousId(null);
    Claimed.insert(writer, batch(WarehouseTables.EVENTS, "fields", 0, List.of(Rows.of(e, "fields", 0, 7))));

    String row = q("SELECT event_id, type, event, user_id, anonymous_id, toString(timestamp), timestamp_ms,"
        + " original_timestamp_ms, sent_at_ms, toString(received_at), received_at_ms, source, properties, context,"
        + " revenue, traits, group_id, previous_id, _topic, _partition, _offset FROM " + database
        + ".events WHERE _topic = 'fields' FORMAT JSONEachRow");

    assertThat(row).isEqualTo("{\"event_id\":\"it's-1\",\"type\":\"track\",\"event\":\"purchase\","
        + "\"user_id\":\"user-it's-1\",\"anonymous_id\":\"anon \\t\\n\\\\ é\",\"toString(timestamp)\":\"2026-01-31 23:59:56\","
        + "\"timestamp_ms\":\"" + (JAN.toEpochMilli() - 1500) + "\",\"original_timestamp_ms\":\"" + (JAN.toEpochMilli() - 2000)
        + "\",\"sent_at_ms\":\"" + (JAN.toEpochMilli() - 500) + "\",\"toString(received_at)\":\"2026-01-31 23:59:58\","
        + "\"received_at_ms\":\"" + JAN.toEpochMilli() + "\",\"source\":\"web\","
        + "\"properties\":\"{\\\"revenue\\\":9.5,\\\"sku\\\":\\\"it's \\\\\\\"quoted\\\\\\\"\\\"}\","
        + "\"context\":\"{\\\"ip\\\":\\\"10.0.0.1\\\"}\",\"revenue\":9.5,"
        + "\"traits\":\"{\\\"plan\\\":\\\"it's pro\\\"}\",\"group_id\":\"acme\",\"previous_id\":null,"
        + "\"_topic\":\"fields\",\"_partition\":0,"
        + "\"_offset\":\"7\"}");
  }

  @Test
  void shouldKeepRawDeadLetterBytesExact() {
    byte[] raw = {(byte) 0xff, 0, '\'', '\n', (byte) 0xc3};
    Claimed.insert(writer, batch(WarehouseTables.DEAD_LETTERS, "dlq-bytes", 0,
        List.of(Rows.of(TestRecords.deadLetter("e-1", JAN, raw), "dlq-bytes", 0, 0),
            Rows.of(TestRecords.deadLetter(null, JAN, null), "dlq-bytes", 0, 1))));

    assertThat(q("SELECT hex(raw_payload), raw_key, reason, ifNull(event_id, 'NULL') FROM " + database
        + ".dead_letters WHERE _topic = 'dlq-bytes' ORDER BY _offset FORMAT TabSeparated"))
        .isEqualTo("FF00270AC3\tuser-1\tMALFORMED_JSON\te-1\n\tuser-1\tMALFORMED_JSON\tNULL");
  }

  @Test
  void shouldTellWhereEachPartitionEndsCountingRowsNotMax() {
    assertThat(writer.nextOffset(WarehouseTables.EVENTS, "resume", 0)).isEmpty();

    Claimed.insert(writer, batch(WarehouseTables.EVENTS, "resume", 0, List.of(event("resume", 0, 0))));
    Claimed.insert(writer, batch(WarehouseTables.EVENTS, "resume", 1, List.of(event("resume", 1, 41), event("resume", 1, 42))));

    assertThat(writer.nextOffset(WarehouseTables.EVENTS, "resume", 0)).hasValue(1);
    assertThat(writer.nextOffset(WarehouseTables.EVENTS, "resume", 1)).hasValue(43);
    assertThat(writer.nextOffset(WarehouseTables.EVENTS, "it's \\ quoted", 1)).isEmpty();
  }

  @Test
  void shouldShowTheHighestMetricVersionPerMinuteEventAndSource() {
    Instant minute = Instant.parse("2026-01-05T10:00:00Z");
    Claimed.insert(writer, batch(WarehouseTables.METRICS_MINUTE, "metrics", 0, List.of(
        Rows.of(version(TestRecords.minuteMetric("buy", minute, 1, 1.0), "provisional", 70), "metrics", 0, 10),
        Rows.of(version(TestRecords.minuteMetric("buy", minute, 3, 3.0), "final", 180), "metrics", 0, 12))));
    // a row with a lower version loaded later (another partition's order) does not replace the final row
    Claimed.insert(writer, batch(WarehouseTables.METRICS_MINUTE, "metrics", 0, List.of(
        Rows.of(version(TestRecords.minuteMetric("buy", minute, 2, 2.0), "provisional", 90), "metrics", 0, 13))));

    assertThat(q("SELECT toString(minute), event, source, status, count, distinct_users, revenue FROM " + database
        + ".metrics_minute_v WHERE event = 'buy' FORMAT TabSeparated"))
        .isEqualTo("2026-01-05 10:00:00\tbuy\tweb\tfinal\t3\t2\t3");
  }

  private static dev.tributary.events.MinuteMetric version(dev.tributary.events.MinuteMetric m, String status,
      long secondsAfterMinute) {
    return dev.tributary.events.MinuteMetric.newBuilder(m).setStatus(status)
        .setUpdatedAt(m.getMinuteStart().plusSeconds(secondsAfterMinute)).build();
  }

  @Test
  void shouldShowEachEventOnceInViewEvenBeforeMerges() {
    Row first = event("dup", 0, 0);
    Claimed.insert(writer, batch(WarehouseTables.EVENTS, "dup", 0, List.of(first)));
    Claimed.insert(writer, batch(WarehouseTables.EVENTS, "dup", 0, List.of(event("dup", 0, 0))));

    assertThat(q("SELECT count() FROM " + database + ".events WHERE _topic = 'dup'")).isEqualTo("2");
    assertThat(q("SELECT count() FROM " + database + ".events_v WHERE _topic = 'dup'")).isEqualTo("1");
  }

  @Test
  void shouldRefuseToStartOnTableOfAnotherShape() {
    String other = TestClickHouse.createDatabase();
    TestClickHouse.execute("CREATE TABLE " + other + ".events (event_id String, timestamp DateTime)"
        + " ENGINE = MergeTree() ORDER BY event_id");
    try (ClickHouseWarehouseWriter w = new ClickHouseWarehouseWriter(TestClickHouse.httpUrl(), "default", "", other,
        Duration.ofSeconds(30))) {
      WarehouseException e = catchThrowableOfType(WarehouseException.class, w::createSchema);

      assertThat(e.retriable()).isFalse();
      assertThat(e).hasMessageContaining("events.timestamp is DateTime, expected DateTime('UTC')")
          .hasMessageContaining("events.type is missing");
    }
  }

  @Test
  void shouldAddNewNullableColumnsToAnEventsTableOfTheFirstVersion() {
    String old = databaseOfTheFirstVersion();
    TestClickHouse.execute("INSERT INTO " + old + ".events (event_id, type, event, timestamp, timestamp_ms,"
        + " received_at, received_at_ms, source, properties, context, _topic, _partition, _offset)"
        + " VALUES ('before', 'identify', 'identify', 1769903998, 1769903998250, 1769903998, 1769903998250,"
        + " 'web', '{}', '{}', 'old', 0, 0)");

    try (ClickHouseWarehouseWriter w = writerFor(old)) {
      w.createSchema();

      assertThat(q("SELECT name, type FROM system.columns WHERE database = '" + old + "' AND table = 'events'"
          + " FORMAT TabSeparated")).isEqualTo(q("SELECT name, type FROM system.columns WHERE database = '"
          + database + "' AND table = 'events' FORMAT TabSeparated"));
      CleanEvent e = TestRecords.cleanEvent("after", JAN);
      e.setTraits("{\"plan\":\"pro\"}");
      e.setGroupId("acme");
      e.setPreviousId("anon-7");
      Claimed.insert(w, batch(WarehouseTables.EVENTS, "new", 0, List.of(Rows.of(e, "new", 0, 0))));
    }

    assertThat(q("SELECT event_id, ifNull(traits, 'NULL'), ifNull(group_id, 'NULL'), ifNull(previous_id, 'NULL')"
        + " FROM " + old + ".events ORDER BY event_id FORMAT TabSeparated"))
        .isEqualTo("after\t{\"plan\":\"pro\"}\tacme\tanon-7\nbefore\tNULL\tNULL\tNULL");
  }

  @Test
  void shouldNotShowColumnsAddedAfterAViewWasCreatedOn18_16() {
    String old = databaseOfTheFirstVersion();
    TestClickHouse.execute("ALTER TABLE " + old + ".events ADD COLUMN traits Nullable(String)");

    assertThatThrownBy(() -> TestClickHouse.query("SELECT traits FROM " + old + ".events_v"))
        .hasMessageContaining("traits");
    assertThat(q("SELECT count() FROM system.columns WHERE database = '" + old + "' AND table = 'events_v'"
        + " AND name = 'traits'")).isEqualTo("0");
  }

  @Test
  void shouldRecreateTheEventsViewSoItShowsTheNewColumns() {
    String old = databaseOfTheFirstVersion();

    try (ClickHouseWarehouseWriter w = writerFor(old)) {
      w.createSchema();
      CleanEvent e = TestRecords.cleanEvent("via-view", JAN);
      e.setTraits("{\"plan\":\"pro\"}");
      Claimed.insert(w, batch(WarehouseTables.EVENTS, "view", 0, List.of(Rows.of(e, "view", 0, 0))));
    }

    assertThat(q("SELECT event_id, traits, ifNull(group_id, 'NULL') FROM " + old + ".events_v FORMAT TabSeparated"))
        .isEqualTo("via-view\t{\"plan\":\"pro\"}\tNULL");
  }

  @Test
  void shouldRecreateAViewWhoseDefinitionChangedBetweenVersions() {
    String db = TestClickHouse.createDatabase();
    try (ClickHouseWarehouseWriter w = writerFor(db)) {
      w.createSchema();
      String shipped = definition(db, TableDdl.METRICS_MINUTE_VIEW);
      // an earlier version's definition of the view, under its name
      TestClickHouse.execute("DROP TABLE " + db + "." + TableDdl.METRICS_MINUTE_VIEW);
      TestClickHouse.execute("CREATE VIEW " + db + "." + TableDdl.METRICS_MINUTE_VIEW
          + " AS SELECT minute, event FROM " + db + ".metrics_minute FINAL");

      w.createSchema();

      assertThat(definition(db, TableDdl.METRICS_MINUTE_VIEW)).isEqualTo(shipped);
    }
    assertThat(q("SELECT count() FROM system.tables WHERE database = '" + db + "' AND name LIKE '%probe%'"))
        .isEqualTo("0");
  }

  @Test
  void shouldLeaveViewsThatAreCurrentInPlace() throws Exception {
    String modified = "SELECT name, metadata_modification_time FROM system.tables WHERE database = '" + database
        + "' AND engine = 'View' ORDER BY name FORMAT TabSeparated";
    String before = q(modified);
    Thread.sleep(1_100); // the modification time has a resolution of one second

    writer.createSchema();

    assertThat(q(modified)).isEqualTo(before);
  }

  @Test
  void shouldEvolveTheSameTablesFromSeveralSinkInstancesAtOnce() throws Exception {
    String old = databaseOfTheFirstVersion();
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    List<ClickHouseWarehouseWriter> writers = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        ClickHouseWarehouseWriter w = writerFor(old);
        writers.add(w);
        runs.add(pool.submit(() -> {
          start.await();
          w.createSchema();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      writers.forEach(ClickHouseWarehouseWriter::close);
    }

    assertThat(q("SELECT name FROM system.columns WHERE database = '" + old + "' AND table = 'events_v'"
        + " AND name IN ('traits', 'group_id', 'previous_id')").split("\n"))
        .containsExactly("traits", "group_id", "previous_id");
  }

  @Test
  void shouldStillRefuseAnEventsTableWithANewColumnOfAnotherType() {
    String old = databaseOfTheFirstVersion();
    TestClickHouse.execute("ALTER TABLE " + old + ".events ADD COLUMN traits String");

    try (ClickHouseWarehouseWriter w = writerFor(old)) {
      WarehouseException e = catchThrowableOfType(WarehouseException.class, w::createSchema);

      assertThat(e.retriable()).isFalse();
      assertThat(e).hasMessageContaining("events.traits is String, expected Nullable(String)")
          .hasMessageContaining("migrate or drop");
    }
    assertThat(q("SELECT count() FROM system.columns WHERE database = '" + old + "' AND table = 'events'"
        + " AND name IN ('group_id', 'previous_id')")).as("nothing altered").isEqualTo("0");
  }

  @Test
  void shouldRefuseWholeInsertUnderAnEpochBelowThePartitionsHighestClaim() {
    String topic = "fenced-" + System.nanoTime();
    assertThat(writer.claim(WarehouseTables.EVENTS, topic, 0, 4)).isEqualTo(4);
    assertThat(writer.claim(WarehouseTables.EVENTS, topic, 0, 3)).as("a stale claim changes nothing").isEqualTo(4);

    WarehouseException e = catchThrowableOfType(WarehouseException.class,
        () -> writer.insert(batch(WarehouseTables.EVENTS, topic, 0, List.of(event(topic, 0, 0), event(topic, 0, 1))), 3));
    writer.insert(batch(WarehouseTables.EVENTS, topic, 0, List.of(event(topic, 0, 2))), 4);

    assertThat(e.fenced()).as(e.toString()).isTrue();
    assertThat(e.retriable()).isFalse();
    assertThat(q("SELECT groupArray(_offset) FROM " + database + ".events WHERE _topic = '" + topic + "'"))
        .isEqualTo("[2]");
  }

  @Test
  void shouldRefuseInsertOfAPartitionNeverClaimed() {
    String topic = "unclaimed-" + System.nanoTime();

    WarehouseException e = catchThrowableOfType(WarehouseException.class,
        () -> writer.insert(batch(WarehouseTables.EVENTS, topic, 0, List.of(event(topic, 0, 0))), 1));

    assertThat(e.fenced()).isTrue();
  }

  @Test
  void shouldReportMissingTableAsFatalNamingTableAndOffsets() {
    String other = TestClickHouse.createDatabase();
    try (ClickHouseWarehouseWriter w = new ClickHouseWarehouseWriter(TestClickHouse.httpUrl(), "default", "", other,
        Duration.ofSeconds(30))) {
      WarehouseException e = catchThrowableOfType(WarehouseException.class,
          () -> w.insert(batch(WarehouseTables.EVENTS, "t", 0, List.of(event("t", 0, 5))), Claimed.EPOCH));

      assertThat(e.retriable()).isFalse();
      assertThat(e).hasMessageContaining(other + ".events").hasMessageContaining("offsets [5..5]")
          .hasMessageContaining("60");
    }
  }

  @Test
  void shouldReportUnreachableServerAsRetriable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (ClickHouseWarehouseWriter w = new ClickHouseWarehouseWriter("http://127.0.0.1:" + closedPort, "default", "",
        database, Duration.ofSeconds(5))) {
      WarehouseException onQuery = catchThrowableOfType(WarehouseException.class,
          () -> w.nextOffset(WarehouseTables.EVENTS, "t", 0));
      WarehouseException onInsert = catchThrowableOfType(WarehouseException.class,
          () -> Claimed.insert(w, batch(WarehouseTables.EVENTS, "t", 0, List.of(event("t", 0, 0)))));

      assertThat(onQuery.retriable()).as(onQuery.toString()).isTrue();
      assertThat(onInsert.retriable()).as(onInsert.toString()).isTrue();
      assertThat(onInsert).hasMessageContaining("127.0.0.1:" + closedPort);
    }
  }

  @Test
  void shouldInsertLargeBatchesFast() {
    int batches = 4;
    int rowsPerBatch = 50_000;
    List<Batch> prepared = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<Row> rows = new ArrayList<>(rowsPerBatch);
      for (int i = 0; i < rowsPerBatch; i++) {
        long offset = (long) b * rowsPerBatch + i;
        rows.add(Rows.of(TestRecords.cleanEvent("bulk-" + offset, JAN), "bulk", 0, offset));
      }
      prepared.add(batch(WarehouseTables.EVENTS, "bulk", 0, rows));
    }

    long start = System.nanoTime();
    prepared.forEach(b -> Claimed.insert(writer, b));
    double seconds = (System.nanoTime() - start) / 1e9;

    LOG.info("Inserted {} rows in {} batches of {} in {} s: {} rows/s", batches * rowsPerBatch, batches,
        rowsPerBatch, String.format("%.2f", seconds), String.format("%.0f", batches * rowsPerBatch / seconds));
    assertThat(q("SELECT count(), uniqExact(_offset) FROM " + database + ".events WHERE _topic = 'bulk'"))
        .isEqualTo((batches * rowsPerBatch) + "\t" + (batches * rowsPerBatch));
  }

  /**
   * A fresh database holding {@code events} and {@code events_v} exactly as the first version of the
   * sink created them: without traits, group_id and previous_id.
   */
  private static String databaseOfTheFirstVersion() {
    String old = TestClickHouse.createDatabase();
    TestClickHouse.execute("CREATE TABLE " + old + ".events (`event_id` String, `type` String, `event` String,"
        + " `user_id` Nullable(String), `anonymous_id` Nullable(String), `timestamp` DateTime('UTC'),"
        + " `timestamp_ms` Int64, `original_timestamp_ms` Nullable(Int64), `sent_at_ms` Nullable(Int64),"
        + " `received_at` DateTime('UTC'), `received_at_ms` Int64, `source` String, `properties` String,"
        + " `context` String, `revenue` Nullable(Float64), `_topic` String, `_partition` Int32, `_offset` Int64)"
        + " ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(received_at)"
        + " ORDER BY (event, toDate(timestamp), event_id)");
    TestClickHouse.execute("CREATE VIEW " + old + ".events_v AS SELECT * FROM " + old + ".events FINAL");
    return old;
  }

  /**
   * What ClickHouse loses when it dies between a table's part and its materialized views' (PROBES.md): the rows
   * stay in {@code metrics_minute} and the rollups miss them. Emptied rollups stand for that loss here; the
   * refill the sink runs after a failed attempt restores exactly the batch's share, and again changes nothing.
   */
  @Test
  void shouldRefillEveryRollupFromTheRowsOfABatchAndChangeNothingTheSecondTime() {
    String db = TestClickHouse.createDatabase();
    try (ClickHouseWarehouseWriter w = TestWarehouse.withSchema(db)) {
      Instant minute = Instant.parse("2026-03-05T10:15:00Z");
      Batch batch = batch(WarehouseTables.METRICS_MINUTE, "metrics.minute", 0, List.of(
          Rows.of(TestRecords.minuteMetric("purchase", minute, 3, 9.0), "metrics.minute", 0, 0),
          Rows.of(TestRecords.minuteMetric("signup", minute.plusSeconds(60), 2, 0.0), "metrics.minute", 0, 1)));
      Claimed.insert(w, batch);
      assertThat(differingRollups(db)).as("fed by their views").isEmpty();
      for (String rollup : Rollups.checks().keySet()) {
        TestClickHouse.execute("TRUNCATE TABLE " + db + ".`" + rollup + "`");
      }
      assertThat(differingRollups(db)).as("after losing the views' parts").containsOnlyKeys(Rollups.checks().keySet());

      w.refillDerivedOf(batch);
      assertThat(differingRollups(db)).as("after the refill").isEmpty();
      String counts = q("SELECT * FROM " + db + ".metrics_hour_v ORDER BY hour, event FORMAT TabSeparated");
      w.refillDerivedOf(batch);
      assertThat(differingRollups(db)).isEmpty();
      assertThat(q("SELECT * FROM " + db + ".metrics_hour_v ORDER BY hour, event FORMAT TabSeparated"))
          .as("a second refill").isEqualTo(counts).contains("purchase").contains("signup");
    }
  }

  /** Per rollup whose check finds rows differing from the minute tables, what it found. */
  private static Map<String, String> differingRollups(String db) {
    Map<String, String> differing = new TreeMap<>();
    Rollups.checks().forEach((rollup, check) -> {
      String found = q(TableDdl.withDatabase(check, db) + " FORMAT TabSeparated");
      if (!found.isEmpty()) {
        differing.put(rollup, found);
      }
    });
    return differing;
  }

  private static String definition(String db, String view) {
    return q("SELECT create_table_query FROM system.tables WHERE database = '" + db + "' AND name = '" + view + "'");
  }

  private static ClickHouseWarehouseWriter writerFor(String db) {
    return TestWarehouse.writer(db);
  }

  private static Row event(String topic, int partition, long offset) {
    return Rows.of(TestRecords.cleanEvent(topic + "-" + partition + "-" + offset, JAN), topic, partition, offset);
  }

  /** Every table and view of the catalogue, the rollups', and the metrics catalogue's table and view, sorted. */
  private static List<String> expectedRelations() {
    List<String> names = new ArrayList<>(List.of(MetricDefinitionsTable.TABLE, MetricDefinitionsTable.VIEW,
        FenceDdl.FENCES));
    names.addAll(Rollups.relations());
    for (WarehouseTable table : Datasets.tables()) {
      names.add(table.name());
      if (FenceDdl.fenced(table)) {
        names.add(FenceDdl.relay(table));
        names.add(FenceDdl.view(table));
      }
      table.views().forEach(v -> names.add(v.name()));
    }
    return names.stream().sorted().toList();
  }

  private static Batch batch(WarehouseTable table, String topic, int partition, List<Row> rows) {
    return Batches.of(table, new TopicPartition(topic, partition), rows);
  }
}
