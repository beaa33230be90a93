package dev.tributary.sink.app;

import dev.tributary.sink.audit.LedgerGauges;
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.sink.config.SinkSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the reconciliation view into the {@link LedgerGauges} every {@code audit.gauges.interval.ms}
 * on a daemon thread of its own, through a ClickHouse client of its own that only runs that SELECT
 * (the sink's writer and its inserts are not involved). Absent when the interval is 0.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class AuditGaugesPoller implements AutoCloseable {

  private final ClickHouseWarehouseWriter reader;
  private final ScheduledExecutorService scheduler;

  private AuditGaugesPoller(ClickHouseWarehouseWriter reader, ScheduledExecutorService scheduler) {
    this.reader = reader;
    this.scheduler = scheduler;
  }

  /** Starts polling, or returns a no-op when {@code audit.gauges.interval.ms} is 0. */
  static AutoCloseable start(SinkSettings settings, MeterRegistry metrics) {
    long interval = settings.auditGaugesInterval().toMillis();
    if (interval == 0) {
      return () -> { };
    }
    ClickHouseWarehouseWriter reader = new ClickHouseWarehouseWriter(settings.clickhouseUrl(),
        settings.clickhouseUser(), settings.clickhousePassword().value(), settings.clickhouseDatabase(),
        settings.clickhouseTimeout());
    LedgerGauges gauges = new LedgerGauges(reader::query, settings.clickhouseDatabase(), Clock.systemUTC(), metrics);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "audit-gauges");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(gauges::poll, interval, interval, TimeUnit.MILLISECONDS);
    return new AuditGaugesPoller(reader, scheduler);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    reader.close();
  }
}
