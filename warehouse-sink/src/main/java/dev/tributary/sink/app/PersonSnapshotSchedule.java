package dev.tributary.sink.app;

import dev.tributary.sink.clickhouse.ClickHouseWarehouseWriter;
import dev.tributary.sink.clickhouse.PersonSnapshotRefresher;
import dev.tributary.sink.config.SinkSettings;
import dev.tributary.warehouse.schema.WarehouseShape;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link PersonSnapshotRefresher} every {@code persons.snapshot.interval.ms} on a daemon thread of
 * its own, through a ClickHouse client of its own (the sink's inserts are not involved); the first run
 * a few seconds after the start. A failed refresh is logged and retried at the next interval: the
 * metric that reads the snapshot stays exact without it. Absent when the interval is 0 and on a
 * cluster (each node would need its own snapshot; see docs/OPERATIONS.md).
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class PersonSnapshotSchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PersonSnapshotSchedule.class);
  private static final long FIRST_DELAY_MS = 5_000;

  private final ClickHouseWarehouseWriter client;
  private final ScheduledExecutorService scheduler;

  private PersonSnapshotSchedule(ClickHouseWarehouseWriter client, ScheduledExecutorService scheduler) {
    this.client = client;
    this.scheduler = scheduler;
  }

  /** Starts refreshing, or returns a no-op when the interval is 0 or the warehouse is a cluster. */
  static AutoCloseable start(SinkSettings settings) {
    long interval = settings.personSnapshotInterval().toMillis();
    if (interval == 0 || settings.cluster().shape() instanceof WarehouseShape.Cluster) {
      return () -> { };
    }
    ClickHouseWarehouseWriter client = new ClickHouseWarehouseWriter(settings.clickhouseUrl(),
        settings.clickhouseUser(), settings.clickhousePassword().value(), settings.clickhouseDatabase(),
        settings.clickhouseTimeout());
    PersonSnapshotRefresher refresher = PersonSnapshotRefresher.of(client, settings.clickhouseDatabase());
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "person-snapshot");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        refresher.refresh();
      } catch (RuntimeException e) {
        LOG.warn("Could not refresh the person snapshot; daily_active_persons stays exact but joins more at query"
            + " time until a refresh succeeds (next in {} ms)", interval, e);
      }
    }, Math.min(FIRST_DELAY_MS, interval), interval, TimeUnit.MILLISECONDS);
    return new PersonSnapshotSchedule(client, scheduler);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    client.close();
  }
}
