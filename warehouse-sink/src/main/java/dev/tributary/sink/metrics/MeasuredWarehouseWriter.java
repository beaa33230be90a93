package dev.tributary.sink.metrics;

import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.batching.WarehouseWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A {@link WarehouseWriter} that measures the one it wraps, per table: rows and batches the
 * warehouse acknowledged ({@code sink.rows.inserted}, {@code sink.batches.inserted}), how long
 * acknowledged INSERTs took ({@code sink.insert.latency}), and failed INSERTs by kind
 * ({@code sink.insert.failures}, {@code kind=retriable|fatal}, as the adapter classified them), and
 * batches that landed after a failed attempt and had what derives from them refilled
 * ({@code sink.derived.refills}; for the minute tables, the rollups; for the other tables nothing derives,
 * and the count is of such batches all the same).
 * A retriable failure may still have landed; its rows are counted only if a later attempt writes
 * them, so {@code sink.rows.inserted} is a lower bound of what the warehouse holds, never an
 * over-count. Table tags come from the catalogue, so the series are bounded.
 *
 * <p>Thread-safe if the wrapped writer is (Micrometer meters are).
 */
public final class MeasuredWarehouseWriter implements WarehouseWriter {

  private final WarehouseWriter delegate;
  private final MeterRegistry registry;

  /**
   * @param tables the tables to be written, whose meters are registered at zero now: a dashboard
   *     then shows "0 rows" for an idle table rather than no data, and a failure counter that exists
   *     before the first failure lets Prometheus' {@code rate()} see that first failure (a series
   *     born at 1 has no increase, so an alert on it would miss the first failure)
   */
  public MeasuredWarehouseWriter(WarehouseWriter delegate, MeterRegistry registry, Collection<WarehouseTable> tables) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registry = Objects.requireNonNull(registry, "registry");
    for (WarehouseTable table : tables) {
      rows(table.name());
      batches(table.name());
      latency(table.name());
      failures(table.name(), true);
      failures(table.name(), false);
      refills(table.name());
    }
  }

  private Timer latency(String table) {
    return Timer.builder("sink.insert.latency").description("Duration of INSERTs the warehouse acknowledged")
        .tag("table", table).publishPercentileHistogram().register(registry);
  }

  private Counter failures(String table, boolean retriable) {
    return Counter.builder("sink.insert.failures").description("Failed INSERTs by table and kind (retriable or fatal)")
        .tag("table", table).tag("kind", retriable ? "retriable" : "fatal").register(registry);
  }

  private Counter rows(String table) {
    return Counter.builder("sink.rows.inserted").description("Rows the warehouse acknowledged, by table")
        .tag("table", table).register(registry);
  }

  private Counter refills(String table) {
    return Counter.builder("sink.derived.refills").description("Batches that landed after a failed INSERT attempt and"
        + " had what derives from them refilled (the rollups, for the minute tables), by table").tag("table", table)
        .register(registry);
  }

  private Counter batches(String table) {
    return Counter.builder("sink.batches.inserted").description("INSERTs the warehouse acknowledged, by table")
        .tag("table", table).register(registry);
  }

  @Override
  public void refillDerivedOf(Batch batch) {
    delegate.refillDerivedOf(batch);
    refills(batch.table().name()).increment();
  }

  @Override
  public void insert(Batch batch, long epoch) {
    String table = batch.table().name();
    long start = System.nanoTime();
    try {
      delegate.insert(batch, epoch);
    } catch (WarehouseException e) {
      if (!e.fenced()) { // a zombie's refused write is the fence working, logged by the sink loop
        failures(table, e.retriable()).increment();
      }
      throw e;
    }
    latency(table).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    rows(table).increment(batch.size());
    batches(table).increment();
  }

  @Override
  public long claim(WarehouseTable table, String topic, int partition, long epoch) {
    return delegate.claim(table, topic, partition, epoch);
  }

  @Override
  public OptionalLong nextOffset(WarehouseTable table, String topic, int partition) {
    return delegate.nextOffset(table, topic, partition);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
