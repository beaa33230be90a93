package dev.tributary.sink.app;

import dev.tributary.sink.audit.LedgerGauges;
import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.sink.clickhouse.PersonSnapshotRefresher;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.warehouse.schema.WarehouseShape;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's periodic work beside loading, each on a daemon thread of its own through a ClickHouse client
 * of its own (the sink's writer and its inserts are not involved), absent when its interval is 0:
 * <ul>
 *   <li>the audit gauges: the reconciliation view read into the {@link LedgerGauges} every
 *       {@code audit.gauges.interval.ms};</li>
 *   <li>the person snapshot: a {@link PersonSnapshotRefresher} every {@code persons.snapshot.interval.ms},
 *       the first run a few seconds after the start; a failed refresh is logged and retried at the next
 *       interval (the metric that reads the snapshot stays exact without it). Not on a cluster: each node
 *       would need its own snapshot (docs/OPERATIONS.md).</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class WarehouseChores implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WarehouseChores.class);
  private static final long FIRST_SNAPSHOT_DELAY_MS = 5_000;

  private final ClickHouseWarehouseWriter client;
  private final ScheduledExecutorService scheduler;

  private WarehouseChores(ClickHouseWarehouseWriter client, ScheduledExecutorService scheduler) {
    this.client = client;
    this.scheduler = scheduler;
  }

  /** Polls the reconciliation view into the audit gauges, or returns a no-op when the interval is 0. */
  static AutoCloseable auditGauges(SinkSettings settings, MeterRegistry metrics) {
    long interval = settings.auditGaugesInterval().toMillis();
    if (interval == 0) {
      return () -> { };
    }
    return start(settings, "audit-gauges", interval, interval, client -> new LedgerGauges(client::query,
        settings.clickhouseDatabase(), Clock.systemUTC(), metrics)::poll);
  }

  /** Refreshes the person snapshot, or returns a no-op when the interval is 0 or the warehouse is a cluster. */
  static AutoCloseable personSnapshot(SinkSettings settings) {
    long interval = settings.personSnapshotInterval().toMillis();
    if (interval == 0 || settings.cluster().shape() instanceof WarehouseShape.Cluster) {
      return () -> { };
    }
    return start(settings, "person-snapshot", Math.min(FIRST_SNAPSHOT_DELAY_MS, interval), interval, client -> {
      PersonSnapshotRefresher refresher = PersonSnapshotRefresher.of(client, settings.clickhouseDatabase());
      return () -> {
        try {
          refresher.refresh();
        } catch (RuntimeException e) {
          LOG.warn("Could not refresh the person snapshot; daily_active_persons stays exact but joins more at query"
              + " time until a refresh succeeds (next in {} ms)", interval, e);
        }
      };
    });
  }

  /** Runs {@code task}, built over a client of its own, every {@code intervalMs} on a daemon thread {@code name}. */
  private static WarehouseChores start(SinkSettings settings, String name, long firstDelayMs, long intervalMs,
      Function<ClickHouseWarehouseWriter, Runnable> task) {
    ClickHouseWarehouseWriter client = new ClickHouseWarehouseWriter(settings.clickhouseUrl(),
        settings.clickhouseUser(), settings.clickhousePassword().value(), settings.clickhouseDatabase(),
        settings.clickhouseTimeout());
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(task.apply(client), firstDelayMs, intervalMs, TimeUnit.MILLISECONDS);
    return new WarehouseChores(client, scheduler);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    client.close();
  }
}
