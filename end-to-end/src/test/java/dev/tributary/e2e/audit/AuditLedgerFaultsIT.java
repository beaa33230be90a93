package dev.tributary.e2e.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.events.CleanEvent;
import dev.tributary.localstack.reconcile.LedgerReader;
import dev.tributary.localstack.reconcile.MinuteBalance;
import dev.tributary.localstack.reconcile.ReconcileReport;
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import dev.tributary.testsupport.TestClickHouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof by injected faults: the transform stage's real topology counts into the audit ledger, a sink
 * double loads its output into the real ClickHouse with the sink's own writer (tables and the
 * reconciliation view created by the sink's DDL), then a fault is injected and the ledger, read as
 * {@code tributary reconcile} reads it, must name the exact minute, source and count.
 */
class AuditLedgerFaultsIT {

  /** 2024-05-01T12:00Z and the next minute. */
  private static final Instant M0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final Instant M1 = M0.plusSeconds(60);
  private static final Instant SINCE = M0.minusSeconds(3600);
  private static final String PURCHASE = "{\"event\":\"purchase\",\"user_id\":\"u1\"}";

  @TempDir
  Path stateDir;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final TransformStageRun.Outputs outputs = new TransformStageRun.Outputs();
  private String database;
  private ClickHouseWarehouseWriter writer;
  private SinkDouble sink;

  @BeforeEach
  void createWarehouse() {
    database = TestClickHouse.createDatabase();
    writer = new ClickHouseWarehouseWriter(TestClickHouse.httpUrl(), "default", "", database, Duration.ofSeconds(30));
    writer.createSchema();
    sink = new SinkDouble(writer);
  }

  @AfterEach
  void close() {
    writer.close();
  }

  @Test
  void shouldReconcileEveryClosedMinuteWhenEveryRecordLands() {
    runTheStage();
    loadEverything();

    List<MinuteBalance> rows = ledger();

    assertThat(ReconcileReport.of(rows).reconciles()).isTrue();
    assertThat(row(rows, M0, "web")).satisfies(r -> {
      assertThat(r.accepted()).isEqualTo(4);
      assertThat(r.cleanLanded()).isEqualTo(2);
      assertThat(r.deadLanded()).isEqualTo(1);
      assertThat(r.duplicates()).isEqualTo(1);
      assertThat(r.gap()).isZero();
      assertThat(r.closed()).isTrue();
    });
    assertThat(row(rows, M1, "")).satisfies(r -> {
      assertThat(r.accepted()).isEqualTo(1); // the undecodable record, in the minute of its Kafka timestamp
      assertThat(r.deadLanded()).isEqualTo(1);
      assertThat(r.closed()).isTrue();
    });
    assertThat(rows).filteredOn(MinuteBalance::closed).extracting(MinuteBalance::minute).containsOnly(M0, M1);
    // the reader runs the view's query bounded inside; it sees what the view shows
    assertThat(TestClickHouse.query("SELECT toUInt32(minute), source, accepted, clean_landed, dead_landed, gap, closed FROM "
        + database + ".audit_reconciliation_v WHERE minute >= toDateTime(" + SINCE.getEpochSecond()
        + ", 'UTC') ORDER BY minute, source").strip())
        .isEqualTo(String.join("\n", rows.stream().map(r -> r.minute().getEpochSecond() + "\t" + r.source() + "\t"
            + r.accepted() + "\t" + r.cleanLanded() + "\t" + r.deadLanded() + "\t" + r.gap() + "\t"
            + (r.closed() ? 1 : 0)).toList()));
  }

  @Test
  void shouldNameTheMinuteSourceAndCountOfRowsDeletedFromTheWarehouse() {
    runTheStage();
    loadEverything();

    TestClickHouse.execute("ALTER TABLE " + database + ".events DELETE WHERE event_id IN ('e-1', 'e-3', 'e-4')");
    await().atMost(Duration.ofSeconds(30)).until(() -> TestClickHouse.query(
        "SELECT count() FROM system.mutations WHERE database = '" + database + "' AND is_done = 0").strip().equals("0"));

    assertThat(gaps()).containsExactly("2024-05-01T12:00:00Z ios gap=1 clean_gap=1 dead_gap=0",
        "2024-05-01T12:00:00Z web gap=2 clean_gap=2 dead_gap=0");
  }

  @Test
  void shouldNameARecordDuplicatedInTheCleanTopicUntilAMergeCollapsesIt() {
    runTheStage();
    TestClickHouse.execute("SYSTEM STOP MERGES " + database + ".events");
    loadEverything();
    CleanEvent e5 = outputs.clean.stream().filter(e -> e.getEventId().equals("e-5")).findFirst().orElseThrow();
    sink.load(Datasets.CLEAN, List.of(e5)); // the same record once more, at the next offset of events.clean

    assertThat(gaps()).containsExactly("2024-05-01T12:01:00Z web gap=-1 clean_gap=-1 dead_gap=0");

    // the ReplacingMergeTree backstop: once merged, the warehouse holds the event once and the minute balances
    TestClickHouse.execute("SYSTEM START MERGES " + database + ".events");
    TestClickHouse.execute("OPTIMIZE TABLE " + database + ".events FINAL");
    assertThat(gaps()).isEmpty();
  }

  @Test
  void shouldNameARecordDroppedBetweenTheStageAndTheWarehouse() {
    runTheStage();
    sink.load(Datasets.CLEAN, outputs.clean);
    sink.load(Datasets.DEAD_LETTERS, outputs.dead, d -> "e-2".equals(d.getEventId()));
    sink.load(Datasets.AUDIT, outputs.audit);

    assertThat(gaps()).containsExactly("2024-05-01T12:00:00Z web gap=1 clean_gap=0 dead_gap=1");
  }

  @Test
  void shouldReconcileToZeroWhenTheStageRestartsMidMinute() {
    try (TransformStageRun first = new TransformStageRun(stateDir.resolve("first"), Instant.now(), registry, outputs)) {
      first.send("e-1", "web", M0.plusSeconds(10), PURCHASE);
      first.send("e-2", "web", M0.plusSeconds(20), "{\"event\":");
      first.report();
    } // stopped at 12:00:20, mid-minute; a new instance takes the partition over
    try (TransformStageRun second = new TransformStageRun(stateDir.resolve("second"), Instant.now(), registry, outputs)) {
      second.send("e-3", "web", M0.plusSeconds(40), PURCHASE);
      second.send("e-5", "web", M1.plusSeconds(5), PURCHASE);
      second.send("e-6", "web", M0.plusSeconds(300), PURCHASE);
      second.report();
    }
    loadEverything();

    List<MinuteBalance> rows = ledger();
    assertThat(ReconcileReport.of(rows).reconciles()).isTrue();
    assertThat(row(rows, M0, "web").accepted()).isEqualTo(3);
    assertThat(row(rows, M0, "web").gap()).isZero();
    assertThat(row(rows, M0, "web").closed()).isTrue();
  }

  /**
   * Minute 12:00: web e-1, its retry (a duplicate), e-2 (malformed JSON: dead-lettered), e-3; ios
   * e-4. Minute 12:01: web e-5, and an undecodable record. 12:05: web e-6, which moves every stage
   * past 12:01, so 12:00 and 12:01 are closed.
   */
  private void runTheStage() {
    try (TransformStageRun run = new TransformStageRun(stateDir, Instant.now(), registry, outputs)) {
      run.send("e-1", "web", M0.plusSeconds(10), PURCHASE);
      run.send("e-1", "web", M0.plusSeconds(10), PURCHASE);
      run.send("e-2", "web", M0.plusSeconds(20), "{\"event\":");
      run.send("e-3", "web", M0.plusSeconds(30), PURCHASE);
      run.send("e-4", "ios", M0.plusSeconds(40), PURCHASE);
      run.send("e-5", "web", M1.plusSeconds(5), PURCHASE);
      run.sendGarbage(M1.plusSeconds(6));
      run.send("e-6", "web", M0.plusSeconds(300), PURCHASE);
      run.report();
    }
  }

  private void loadEverything() {
    sink.load(Datasets.CLEAN, outputs.clean);
    sink.load(Datasets.DEAD_LETTERS, outputs.dead);
    sink.load(Datasets.AUDIT, outputs.audit);
  }

  private List<MinuteBalance> ledger() {
    return new LedgerReader(TestClickHouse.analyst(), database).read(SINCE, Optional.empty());
  }

  /** The closed minutes that do not balance, as {@code minute source gap=.. clean_gap=.. dead_gap=..}. */
  private List<String> gaps() {
    List<String> gaps = new ArrayList<>();
    for (MinuteBalance r : ReconcileReport.of(ledger()).gaps()) {
      gaps.add(r.minute() + " " + r.source() + " gap=" + r.gap() + " clean_gap=" + r.cleanGap()
          + " dead_gap=" + r.deadGap());
    }
    return gaps;
  }

  private static MinuteBalance row(List<MinuteBalance> rows, Instant minute, String source) {
    return rows.stream().filter(r -> r.minute().equals(minute) && r.source().equals(source)).findFirst()
        .orElseThrow(() -> new AssertionError("no ledger row for " + minute + " " + source + " in " + rows));
  }
}
