package dev.tributary.common.catalogue;

import java.time.LocalDate;

/**
 * How times are stored in the warehouse: every time column is written as a {@code DateTime} (UTC
 * seconds, clamped to its range 1970..2106, which is what analysts filter on) and, where exactness
 * matters, as epoch milliseconds ({@code *_ms Int64}; there is no DateTime64 on ClickHouse 18.16).
 *
 * <p>Pure; thread-safe.
 */
public final class WarehouseTime {

  /** Largest value of ClickHouse's DateTime (UInt32 seconds). */
  public static final long MAX_DATETIME_SECONDS = 0xFFFF_FFFFL;

  private WarehouseTime() {}

  /** Epoch millis to DateTime seconds as ClickHouse stores them (UTC, clamped to UInt32). */
  public static long dateTimeSeconds(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    return Math.max(0L, Math.min(MAX_DATETIME_SECONDS, seconds));
  }

  /** {@code toYYYYMM} of the DateTime that {@code epochMillis} is stored as, in UTC. */
  public static int month(long epochMillis) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(dateTimeSeconds(epochMillis), 86_400L));
    return date.getYear() * 100 + date.getMonthValue();
  }
}
