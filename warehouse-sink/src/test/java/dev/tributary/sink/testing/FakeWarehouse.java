package dev.tributary.sink.testing;

import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.sink.batching.WarehouseTable;
import dev.tributary.sink.batching.WarehouseWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An in-memory warehouse with ClickHouse's relevant semantics (atomic inserts, no deduplication)
 * and injectable faults: failures that did or did not land, fatal refusals, an outage, and
 * "crash" hooks that run just before or just after an insert.
 */
public final class FakeWarehouse implements WarehouseWriter {

  /** What the next insert does instead of (or besides) succeeding. */
  public enum Fault { UNREACHABLE, LANDED_BUT_TIMED_OUT, REFUSED }

  private final Map<WarehouseTable, List<Row>> tables = new EnumMap<>(WarehouseTable.class);
  private final List<Batch> inserts = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private Runnable beforeInsert = () -> {};
  private Runnable afterInsert = () -> {};
  private boolean down;

  public FakeWarehouse() {
    for (WarehouseTable t : WarehouseTable.values()) {
      tables.put(t, new ArrayList<>());
    }
  }

  public void failNextInserts(Fault... next) {
    faults.addAll(List.of(next));
  }

  public void setDown(boolean down) {
    this.down = down;
  }

  public void beforeInsert(Runnable hook) {
    this.beforeInsert = hook;
  }

  public void afterInsert(Runnable hook) {
    this.afterInsert = hook;
  }

  @Override
  public void insert(Batch batch) {
    beforeInsert.run();
    if (down) {
      throw new WarehouseException("connection refused", true, null);
    }
    Fault fault = faults.poll();
    if (fault == Fault.UNREACHABLE) {
      throw new WarehouseException("connection refused", true, null);
    }
    if (fault == Fault.REFUSED) {
      throw new WarehouseException("server code 16: No such column", false, null);
    }
    tables.get(batch.table()).addAll(batch.rows());
    inserts.add(batch);
    if (fault == Fault.LANDED_BUT_TIMED_OUT) {
      throw new WarehouseException("read timed out", true, null);
    }
    afterInsert.run();
  }

  @Override
  public OptionalLong nextOffset(WarehouseTable table, String topic, int partition) {
    if (down) {
      throw new WarehouseException("connection refused", true, null);
    }
    var max = tables.get(table).stream()
        .filter(r -> topicOf(r).equals(topic) && partitionOf(r) == partition)
        .mapToLong(Row::offset)
        .max();
    return max.isPresent() ? OptionalLong.of(max.getAsLong() + 1) : OptionalLong.empty();
  }

  @Override
  public String describe() {
    return "fake://warehouse";
  }

  /** Offsets held for one partition in insertion order, duplicates included. */
  public List<Long> offsets(WarehouseTable table, String topic, int partition) {
    return tables.get(table).stream()
        .filter(r -> topicOf(r).equals(topic) && partitionOf(r) == partition)
        .map(Row::offset)
        .toList();
  }

  public List<Row> rows(WarehouseTable table) {
    return List.copyOf(tables.get(table));
  }

  public List<Batch> inserts() {
    return List.copyOf(inserts);
  }

  /** Simulates rows written by an earlier process (e.g. inserted, then killed before commit). */
  public void preload(WarehouseTable table, List<Row> rows) {
    tables.get(table).addAll(rows);
  }

  private static String topicOf(Row r) {
    return (String) r.values().get(r.values().size() - 3);
  }

  private static int partitionOf(Row r) {
    return (Integer) r.values().get(r.values().size() - 2);
  }
}
