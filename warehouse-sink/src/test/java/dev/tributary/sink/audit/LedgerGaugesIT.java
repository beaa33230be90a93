package dev.tributary.sink.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.sink.testing.TestWarehouse;
import dev.tributary.testsupport.TestClickHouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The gauges' query against the real reconciliation view on ClickHouse 18.16: a minute with a row
 * missing from {@code events} shows its gap once the stages have reported past it.
 */
class LedgerGaugesIT {

  @Test
  void shouldShowTheGapOfTheLatestClosedMinuteReadFromTheView() {
    String database = TestClickHouse.createDatabase();
    try (ClickHouseWarehouseWriter warehouse = TestWarehouse.withSchema(database)) {
      Instant now = Instant.now();
      long m = Math.floorDiv(now.minusSeconds(600).toEpochMilli(), 60_000L) * 60_000L;
      long later = m + 300_000L;
      // the transform stage read 3 web events in minute m, reported past m + 6 min; 2 of them landed
      warehouse.query("INSERT INTO " + database + ".audit_counts (stage, reporter, minute, minute_ms, source, measure,"
          + " detail, count, watermark_ms, reported_at_ms) VALUES"
          + " ('transform-streams', '0', toDateTime(" + m / 1000 + ", 'UTC'), " + m + ", 'web', 'READ', '', 3, "
          + (later + 60_000) + ", " + later + ")");
      warehouse.query("INSERT INTO " + database + ".events (event_id, source, received_at, received_at_ms) VALUES"
          + " ('e1', 'web', toDateTime(" + m / 1000 + ", 'UTC'), " + (m + 1_000) + "),"
          + " ('e2', 'web', toDateTime(" + m / 1000 + ", 'UTC'), " + (m + 2_000) + "),"
          + " ('e9', 'ios', toDateTime(" + later / 1000 + ", 'UTC'), " + (later + 30_000) + ")");
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      LedgerGauges gauges = new LedgerGauges(warehouse::query, database, Clock.systemUTC(), registry);

      gauges.poll();

      assertThat(registry.get("tributary.audit.poll.failures").counter().count()).isZero();
      assertThat(registry.get("tributary.audit.closed.minute.seconds").gauge().value()).isEqualTo(m / 1000);
      assertThat(registry.get("tributary.audit.gap.events").tag("source", "web").gauge().value()).isEqualTo(1);
      assertThat(registry.get("tributary.audit.stage.lag.seconds").tag("stage", "sink").gauge().value())
          .isBetween(0.0, 600.0);
    }
  }
}
