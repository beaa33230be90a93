package dev.tributary.streams.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.events.AuditCount;
import dev.tributary.events.RawEvent;
import dev.tributary.schema.serde.AvroDeserializer;
import dev.tributary.schema.serde.AvroSerializer;
import dev.tributary.streams.config.StreamsSettings;
import dev.tributary.streams.topology.PipelineTopology;
import dev.tributary.streams.topology.Topics;
import dev.tributary.testsupport.InMemorySchemaRegistry;
import dev.tributary.testsupport.TestRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transform stage's audit counts, through the whole pipeline topology: every raw record is
 * counted once as read and once as what became of it, in the minute ingest received it.
 */
class AuditLedgerTopologyTest {

  /** A minute boundary: 2024-05-01T12:00:00Z. */
  private static final Instant M0 = Instant.parse("2024-05-01T12:00:00Z");
  private static final Instant M1 = M0.plusSeconds(60);
  private static final Instant WALL = Instant.parse("2024-05-01T12:05:00Z");

  @TempDir
  Path stateDir;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<RawEvent> rawSerializer = new AvroSerializer<>(registry, false);
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private TestOutputTopic<String, AuditCount> audit;

  @BeforeEach
  void startDriver() {
    StreamsSettings settings = StreamsSettings.load(Map.of(), Map.of(StreamsSettings.STATE_DIR, stateDir.toString()));
    Topics topics = Topics.of(TopicNames.defaults(StreamsSettings.DATASETS), registry,
        new AvroDeserializer<>(registry, RawEvent.class));
    Properties props = new Properties();
    props.putAll(settings.streamsConfig());
    driver = new TopologyTestDriver(PipelineTopology.build(topics, settings.topologySettings()), props, WALL);
    raw = driver.createInputTopic("events.raw", new StringSerializer(), new ByteArraySerializer());
    audit = driver.createOutputTopic("audit.counts", new StringDeserializer(),
        new AvroDeserializer<>(registry, AuditCount.class));
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldCountEveryRecordAsReadAndAsWhatBecameOfItInItsReceivedMinuteAndSource() {
    raw.pipeInput("u1", bytes("e-1", "web", M0.plusSeconds(10), purchase()), M0.plusSeconds(10));
    raw.pipeInput("u1", bytes("e-1", "web", M0.plusSeconds(10), purchase()), M0.plusSeconds(20)); // client retry
    raw.pipeInput("u2", bytes("e-2", "web", M0.plusSeconds(59), "{\"event\":"), M0.plusSeconds(59));
    raw.pipeInput("u3", bytes("e-3", "ios", M1.plusSeconds(1), purchase()), M1.plusSeconds(1));
    raw.pipeInput("u4", "not avro".getBytes(StandardCharsets.UTF_8), M1.plusSeconds(2));

    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);

    assertThat(totals()).containsExactlyInAnyOrderEntriesOf(Map.of(
        cell(M0, "web", "READ", ""), 3L,
        cell(M0, "web", "CLEAN", ""), 1L,
        cell(M0, "web", "DUPLICATE", ""), 1L,
        cell(M0, "web", "DEAD_LETTERED", "MALFORMED_JSON"), 1L,
        cell(M1, "ios", "READ", ""), 1L,
        cell(M1, "ios", "CLEAN", ""), 1L,
        // undecodable: no source, the minute of its Kafka timestamp
        cell(M1, "", "READ", ""), 1L,
        cell(M1, "", "DEAD_LETTERED", "UNDESERIALIZABLE"), 1L));
  }

  @Test
  void shouldReportDeltasThatSumToTheTotalAndNotReportACountTwice() {
    raw.pipeInput("u1", bytes("e-1", "web", M0.plusSeconds(1), purchase()), M0.plusSeconds(1));
    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);
    raw.pipeInput("u2", bytes("e-2", "web", M0.plusSeconds(2), purchase()), M0.plusSeconds(2));
    raw.pipeInput("u3", bytes("e-3", "web", M0.plusSeconds(3), purchase()), M0.plusSeconds(3));
    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);
    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);

    List<AuditCount> reads = audit.readValuesToList().stream().filter(a -> a.getMeasure().equals("READ")).toList();
    assertThat(reads).extracting(AuditCount::getCount).containsExactly(1L, 2L);
    assertThat(reads).allSatisfy(a -> {
      assertThat(a.getStage()).isEqualTo("transform-streams");
      assertThat(a.getReporter()).isEqualTo("0");
      assertThat(a.getMinuteStart()).isEqualTo(M0);
    });
    assertThat(reads.get(1).getWatermark()).isEqualTo(M0.plusSeconds(3));
    assertThat(pending()).isEmpty();
  }

  @Test
  void shouldHoldUnreportedCountsInTheChangeloggedStoreUntilTheReport() {
    raw.pipeInput("u1", bytes("e-1", "web", M0.plusSeconds(1), purchase()), M0.plusSeconds(1));
    raw.pipeInput("u2", bytes("e-2", "web", M0.plusSeconds(2), purchase()), M0.plusSeconds(2));

    // a restart before the report finds them in the store, restored from its changelog (which the
    // task writes in the same exactly-once transaction as its output and input offsets)
    assertThat(pending()).hasSize(2).containsValues(2L);
    assertThat(driver.producedTopicNames()).anyMatch(t -> t.endsWith(AuditLedger.STORE + "-changelog"));
    assertThat(audit.isEmpty()).isTrue();

    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);
    assertThat(totals()).containsExactlyInAnyOrderEntriesOf(Map.of(
        cell(M0, "web", "READ", ""), 2L,
        cell(M0, "web", "CLEAN", ""), 2L));
    assertThat(pending()).isEmpty();
  }

  @Test
  void shouldReportProgressOfAnIdlePartitionSoItsMinutesCanClose() {
    raw.pipeInput("u1", bytes("e-1", "web", M0.plusSeconds(1), purchase()), M0.plusSeconds(1));
    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);
    audit.readValuesToList();

    driver.advanceWallClockTime(AuditLedger.IDLE_AFTER.plusMinutes(2));

    TestRecord<String, AuditCount> progress = audit.readRecord();
    assertThat(progress.value().getMeasure()).isEqualTo("PROGRESS");
    assertThat(progress.value().getCount()).isZero();
    Instant now = WALL.plus(AuditLedger.REPORT_INTERVAL).plus(AuditLedger.IDLE_AFTER.plusMinutes(2));
    assertThat(progress.value().getWatermark()).isEqualTo(now.minus(AuditLedger.IDLE_AFTER));
    assertThat(audit.isEmpty()).isTrue();
  }

  @Test
  void shouldNotReportAnIdleTaskAgainUntilItsWatermarkCrossesAMinute() {
    driver.advanceWallClockTime(AuditLedger.IDLE_AFTER);
    audit.readValuesToList();

    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);

    assertThat(audit.isEmpty()).isTrue();
  }

  @Test
  void shouldCountATooLateEventInItsReceivedMinuteAndSourceOutsideTheStreamsProgress() {
    Instant late = M0.plusSeconds(300);
    // moves the metrics task's stream time past minute M0's end plus the 120 s grace
    raw.pipeInput("u1", bytes("e-1", "web", late, purchaseAt(late)), late);
    // happened in minute M0, received at 12:05:10: too late for M0's metrics, still a clean event
    raw.pipeInput("u2", bytes("e-2", "ios", late.plusSeconds(10), purchaseAt(M0.plusSeconds(30))), late.plusSeconds(10));

    driver.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);

    List<AuditCount> reports = audit.readValuesToList();
    assertThat(reports).filteredOn(a -> a.getMeasure().equals("TOO_LATE")).singleElement().satisfies(a -> {
      assertThat(a.getMinuteStart()).isEqualTo(late);
      assertThat(a.getSource()).isEqualTo("ios");
      assertThat(a.getCount()).isEqualTo(1L);
      assertThat(a.getStage()).isEqualTo(AuditLedger.TOO_LATE_STAGE);
    });
    // it landed: counted clean like any other, so the balance is untouched
    assertThat(reports).filteredOn(a -> a.getMeasure().equals("CLEAN") && a.getSource().equals("ios"))
        .extracting(AuditCount::getCount).containsExactly(1L);
    assertThat(driver.producedTopicNames()).anyMatch(t -> t.endsWith(AuditLedger.TOO_LATE_STORE + "-changelog"));
  }

  @Test
  void shouldCountNothingWhenTheLedgerIsOff(@TempDir Path otherStateDir) {
    StreamsSettings off = StreamsSettings.load(Map.of(), Map.of(StreamsSettings.STATE_DIR, otherStateDir.toString(),
        StreamsSettings.AUDIT_ENABLED, "false"));
    Topics topics = Topics.of(TopicNames.defaults(StreamsSettings.DATASETS), registry,
        new AvroDeserializer<>(registry, RawEvent.class));
    Properties props = new Properties();
    props.putAll(off.streamsConfig());
    try (TopologyTestDriver unaudited = new TopologyTestDriver(PipelineTopology.build(topics, off.topologySettings()),
        props, WALL)) {
      TestInputTopic<String, byte[]> in = unaudited.createInputTopic("events.raw", new StringSerializer(),
          new ByteArraySerializer());
      in.pipeInput("u1", bytes("e-1", "web", M0.plusSeconds(1), purchase()), M0.plusSeconds(1));
      in.pipeInput("u1", bytes("e-1", "web", M0.plusSeconds(1), purchase()), M0.plusSeconds(2));
      unaudited.advanceWallClockTime(AuditLedger.REPORT_INTERVAL);

      assertThat(unaudited.producedTopicNames()).contains("events.clean").noneMatch(t -> t.contains("audit"));
      assertThat(unaudited.getAllStateStores()).doesNotContainKeys(AuditLedger.STORE, AuditLedger.TOO_LATE_STORE);
    }
  }

  private Map<String, Long> totals() {
    Map<String, Long> totals = new TreeMap<>();
    for (AuditCount a : audit.readValuesToList()) {
      if (!a.getMeasure().equals("PROGRESS")) {
        totals.merge(cell(a.getMinuteStart(), a.getSource(), a.getMeasure(), a.getDetail()), a.getCount(), Long::sum);
      }
    }
    return totals;
  }

  private Map<String, Long> pending() {
    KeyValueStore<String, Long> store = driver.getKeyValueStore(AuditLedger.STORE);
    Map<String, Long> cells = new TreeMap<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> cells.put(kv.key, kv.value));
    }
    return cells;
  }

  private static String cell(Instant minute, String source, String measure, String detail) {
    return minute + " " + source + " " + measure + " " + detail;
  }

  private static String purchaseAt(Instant at) {
    return "{\"event\":\"purchase\",\"user_id\":\"u1\",\"timestamp\":\"" + at + "\"}";
  }

  private static String purchase() {
    return "{\"event\":\"purchase\",\"user_id\":\"u1\"}";
  }

  private byte[] bytes(String eventId, String source, Instant receivedAt, String payload) {
    return rawSerializer.serialize("events.raw", TestRecords.rawEvent(eventId, source, receivedAt, payload));
  }

}
