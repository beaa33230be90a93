package dev.tributary.sink.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.SessionIdentityTables;
import dev.tributary.events.CleanEvent;
import dev.tributary.events.MinuteMetric;
import dev.tributary.events.Session;
import dev.tributary.testsupport.TestRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RowsTest {

  @Test
  void shouldMapCleanEventToEventsColumnsWithCoordinates() {
    CleanEvent e = TestRecords.cleanEvent("e-1", TestRecords.JAN);

    Row row = Rows.of(e, "events.clean", 2, 77);

    assertThat(named(WarehouseTables.EVENTS, row)).containsExactly(
        "event_id=e-1", "type=track", "event=purchase", "user_id=user-e-1", "anonymous_id=null",
        "timestamp=" + (TestRecords.JAN.toEpochMilli() - 1_500) / 1000,
        "timestamp_ms=" + (TestRecords.JAN.toEpochMilli() - 1_500),
        "original_timestamp_ms=" + (TestRecords.JAN.toEpochMilli() - 2_000),
        "sent_at_ms=" + (TestRecords.JAN.toEpochMilli() - 500),
        "received_at=" + TestRecords.JAN.getEpochSecond(),
        "received_at_ms=" + TestRecords.JAN.toEpochMilli(),
        "source=web", "properties=" + e.getProperties(), "context={\"ip\":\"10.0.0.1\"}", "revenue=9.5",
        "traits=null", "group_id=null", "previous_id=null", "session_id=null", "backfill=null",
        "_topic=events.clean", "_partition=2", "_offset=77");
    assertThat(row.offset()).isEqualTo(77);
    assertThat(row.month()).isEqualTo(202601);
  }

  @Test
  void shouldMapASessionWithItsDurationAndConversionFlag() {
    Session s = Session.newBuilder().setSessionId("s-1").setIdentity("u1").setStatus("merged").setMergedInto("s-0")
        .setStartedAt(TestRecords.JAN).setEndedAt(TestRecords.JAN.plusSeconds(90)).setEvents(3).setPageViews(1)
        .setEntryUrl("https://x.example/").setEntryPath("/").setReferrer(null).setConverted(true).build();

    assertThat(named(SessionIdentityTables.SESSIONS, Rows.of(Datasets.SESSIONS, s, "sessions", 1, 5))).containsExactly(
        "session_id=s-1", "identity=u1", "status=merged", "merged_into=s-0",
        "started_at=" + TestRecords.JAN.getEpochSecond(), "started_at_ms=" + TestRecords.JAN.toEpochMilli(),
        "ended_at=" + TestRecords.JAN.plusSeconds(90).getEpochSecond(),
        "ended_at_ms=" + TestRecords.JAN.plusSeconds(90).toEpochMilli(), "duration_ms=90000", "events=3",
        "page_views=1", "entry_url=https://x.example/", "entry_path=/", "referrer=null", "converted=1",
        "_topic=sessions", "_partition=1", "_offset=5");
  }

  @Test
  void shouldMapTraitsGroupIdAndPreviousId() {
    CleanEvent e = TestRecords.cleanEvent("e-2", TestRecords.JAN);
    e.setType("group");
    e.setTraits("{\"plan\":\"pro\"}");
    e.setGroupId("acme");
    e.setPreviousId("anon-7");

    assertThat(named(WarehouseTables.EVENTS, Rows.of(e, "events.clean", 0, 1)))
        .contains("traits={\"plan\":\"pro\"}", "group_id=acme", "previous_id=anon-7");
  }

  @Test
  void shouldPartitionEventsByMonthOfReceivedAtInUtc() {
    assertThat(Rows.of(TestRecords.cleanEvent("a", TestRecords.FEB), "t", 0, 0).month()).isEqualTo(202602);
  }

  @Test
  void shouldKeepRawDeadLetterBytesExactAndEmptyWhenAbsent() {
    byte[] notUtf8 = {(byte) 0xff, 0, (byte) 0xc3, 'x'};

    Row withPayload = Rows.of(TestRecords.deadLetter("e-9", TestRecords.JAN, notUtf8), "events.dlq", 0, 3);
    Row withoutPayload = Rows.of(TestRecords.deadLetter("e-9", TestRecords.JAN, null), "events.dlq", 0, 4);

    int payload = index(WarehouseTables.DEAD_LETTERS, "raw_payload");
    assertThat((byte[]) withPayload.values().get(payload)).containsExactly(notUtf8);
    assertThat((byte[]) withoutPayload.values().get(payload)).isEmpty();
    assertThat((byte[]) withPayload.values().get(index(WarehouseTables.DEAD_LETTERS, "raw_key")))
        .isEqualTo("user-1".getBytes(StandardCharsets.UTF_8));
    assertThat(withPayload.values().get(index(WarehouseTables.DEAD_LETTERS, "reason"))).isEqualTo("MALFORMED_JSON");
    assertThat(withPayload.month()).isEqualTo(202601);
  }

  @Test
  void shouldMapMinuteMetricWithMinuteAsPartition() {
    Instant minute = Instant.parse("2026-03-01T00:00:00Z");

    Row row = Rows.of(TestRecords.minuteMetric("purchase", minute, 12, 99.5), "metrics.minute", 1, 9);

    assertThat(named(WarehouseTables.METRICS_MINUTE, row)).containsExactly(
        "minute=" + minute.getEpochSecond(), "minute_ms=" + minute.toEpochMilli(), "event=purchase",
        "source=web", "status=final", "count=12", "distinct_users=2", "revenue=99.5", "user_hashes=[1, -1]",
        "updated_at_ms=" + minute.plusSeconds(61).toEpochMilli(), "_topic=metrics.minute", "_partition=1", "_offset=9");
    assertThat(row.month()).isEqualTo(202603);
  }

  @Test
  void shouldReadAMinuteMetricWrittenBeforeSourcesAsOneProvisionalSourceWithoutUsers() {
    Instant minute = Instant.parse("2026-03-01T00:00:00Z");
    MinuteMetric v1 = MinuteMetric.newBuilder().setMinuteStart(minute).setEvent("purchase").setCount(3)
        .setRevenue(1.0).setUpdatedAt(minute).build();

    Row row = Rows.of(v1, "metrics.minute", 1, 9);

    assertThat(named(WarehouseTables.METRICS_MINUTE, row)).contains("source=", "status=provisional", "distinct_users=0",
        "user_hashes=[]");
  }

  @Test
  void shouldMapTooLateEventWithItsMinuteAsPartition() {
    Instant minute = Instant.parse("2026-03-01T00:00:00Z");

    Row row = Rows.of(Datasets.METRICS_TOO_LATE, TestRecords.tooLateEvent("purchase", minute), "metrics.too-late", 0, 4);

    assertThat(named(WarehouseTables.METRICS_TOO_LATE, row)).containsExactly(
        "minute=" + minute.getEpochSecond(), "minute_ms=" + minute.toEpochMilli(), "event=purchase", "source=web",
        "event_time_ms=" + minute.plusSeconds(30).toEpochMilli(), "stream_time_ms=" + minute.plusSeconds(300).toEpochMilli(),
        "revenue=2.5", "user_hash=7", "_topic=metrics.too-late", "_partition=0", "_offset=4");
    assertThat(row.month()).isEqualTo(202603);
  }

  @Test
  void shouldMapExperimentChangeWithChangeTimeAsPartition() {
    Instant changed = Instant.parse("2026-11-30T10:00:00Z");
    dev.tributary.events.ExperimentChange c = dev.tributary.events.ExperimentChange.newBuilder()
        .setChangeId("checkout-button:1:0123456789abcdef").setExperimentKey("checkout-button").setPhase(1)
        .setKind("coverage_changed").setField("coverage").setFromValue("0.1").setToValue("0.2")
        .setChangedBy("ana").setChangedAt(changed).setRecordedAt(changed.plusSeconds(2)).build();

    Row row = Rows.of(dev.tributary.common.catalogue.Datasets.EXPERIMENT_CHANGES, c, "experiments.changes", 0, 3);

    assertThat(named(WarehouseTables.EXPERIMENT_CHANGES, row)).containsExactly(
        "change_id=checkout-button:1:0123456789abcdef", "experiment_key=checkout-button", "phase=1",
        "kind=coverage_changed", "field=coverage", "from_value=0.1", "to_value=0.2", "changed_by=ana",
        "changed_at=" + changed.getEpochSecond(), "changed_at_ms=" + changed.toEpochMilli(),
        "recorded_at_ms=" + changed.plusSeconds(2).toEpochMilli(),
        "_topic=experiments.changes", "_partition=0", "_offset=3");
    assertThat(row.month()).isEqualTo(202611);
  }

  private static List<String> named(WarehouseTable table, Row row) {
    return IntStream.range(0, table.columns().size())
        .mapToObj(i -> table.columns().get(i).name() + "=" + text(row.values().get(i)))
        .toList();
  }

  private static String text(Object value) {
    return value instanceof long[] longs ? java.util.Arrays.toString(longs) : String.valueOf(value);
  }

  private static int index(WarehouseTable table, String column) {
    return IntStream.range(0, table.columns().size())
        .filter(i -> table.columns().get(i).name().equals(column)).findFirst().orElseThrow();
  }
}
