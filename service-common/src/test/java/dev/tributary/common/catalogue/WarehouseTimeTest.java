package dev.tributary.common.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WarehouseTimeTest {

  @Test
  void shouldPlaceTimesInTheirUtcMonth() {
    assertThat(WarehouseTime.month(Instant.parse("2025-12-31T23:59:59.999Z").toEpochMilli())).isEqualTo(202512);
    assertThat(WarehouseTime.month(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli())).isEqualTo(202601);
  }

  @Test
  void shouldClampDateTimeToClickHouseRangeButKeepExactMillis() {
    assertThat(WarehouseTime.dateTimeSeconds(-5_000)).isZero();
    assertThat(WarehouseTime.dateTimeSeconds(Long.MAX_VALUE / 2)).isEqualTo(0xFFFF_FFFFL);
    assertThat(WarehouseTime.dateTimeSeconds(1_999)).isEqualTo(1);
  }
}
