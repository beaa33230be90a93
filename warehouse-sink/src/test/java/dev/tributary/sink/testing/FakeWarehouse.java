package dev.tributary.sink.testing;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.sink.batching.Batch;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.sink.batching.WarehouseWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An in-memory warehouse with ClickHouse's relevant semantics (atomic inserts of RowBinary, no
 * deduplication, the fence: an insert under an epoch below its partition's highest claim is refused
 * whole, checked when it lands, i.e. after the {@code beforeInsert} hook) and injectable faults: failures that did or did not land, fatal refusals, an
 * outage, and "crash" or "slow server" hooks that run just before or just after an insert. It
 * records overlapping inserts of one Kafka partition, which the sink must never make.
 *
 * <p>Thread-safe (inserts may come from the sink's insert pool); hooks run outside its lock.
 */
public final class FakeWarehouse implements WarehouseWriter {

  /** What the next insert does instead of (or besides) succeeding. */
  public enum Fault { UNREACHABLE, LANDED_BUT_TIMED_OUT, REFUSED }

  private final Map<WarehouseTable, List<Row>> tables = new HashMap<>();
  private final List<Batch> inserts = new ArrayList<>();
  private final List<Batch> refilled = new ArrayList<>();
  private int refillFailures;
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Map<String, Integer> running = new HashMap<>();
  private final Map<String, Long> claims = new HashMap<>();
  private int fencedInserts;
  private volatile Runnable beforeInsert = () -> {};
  private volatile Runnable afterInsert = () -> {};
  private volatile boolean down;
  private int overlaps;
  private int maxConcurrent;

  public FakeWarehouse() {
    for (WarehouseTable t : Datasets.tables()) {
      tables.put(t, new ArrayList<>());
    }
  }

  public synchronized void failNextInserts(Fault... next) {
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
  public void insert(Batch batch, long epoch) {
    String key = batch.table() + "/" + batch.source();
    synchronized (this) {
      int now = running.merge(key, 1, Integer::sum);
      overlaps += now > 1 ? 1 : 0;
      maxConcurrent = Math.max(maxConcurrent, running.values().stream().mapToInt(Integer::intValue).sum());
    }
    try {
      beforeInsert.run();
      List<Row> rows = RowBinaryReader.rows(batch);
      Fault fault;
      synchronized (this) {
        if (down) {
          throw new WarehouseException("connection refused", true, null);
        }
        Long claimed = claims.get(claimKey(batch.source().topic(), batch.source().partition()));
        if (claimed == null || claimed != epoch) {
          fencedInserts++;
          throw WarehouseException.fenced("fenced: " + batch.describe() + " under epoch " + epoch + ", claimed "
              + claimed, null);
        }
        fault = faults.poll();
        if (fault == Fault.UNREACHABLE) {
          throw new WarehouseException("connection refused", true, null);
        }
        if (fault == Fault.REFUSED) {
          throw new WarehouseException("server code 16: No such column", false, null);
        }
        tables.get(batch.table()).addAll(rows);
        inserts.add(batch);
      }
      if (fault == Fault.LANDED_BUT_TIMED_OUT) {
        throw new WarehouseException("read timed out", true, null);
      }
      afterInsert.run();
    } finally {
      synchronized (this) {
        running.merge(key, -1, Integer::sum);
      }
    }
  }

  /** Records the batch whose derived rows were refilled, unless down or told to fail. */
  @Override
  public synchronized void refillDerivedOf(Batch batch) {
    if (down) {
      throw new WarehouseException("connection refused", true, null);
    }
    if (refillFailures > 0) {
      refillFailures--;
      throw new WarehouseException("connection reset during the refill", true, null);
    }
    refilled.add(batch);
  }

  /** The next {@code n} refills fail retriably. */
  public synchronized void failNextRefills(int n) {
    refillFailures = n;
  }

  /** The batches whose derived rows were refilled, in order. */
  public synchronized List<Batch> refilled() {
    return List.copyOf(refilled);
  }

  /**
   * Records the claim and answers the highest. Unlike ClickHouse it need not wait for running
   * inserts: the epoch check and the write are one step under this object's lock.
   */
  @Override
  public synchronized long claim(WarehouseTable table, String topic, int partition, long epoch) {
    if (down) {
      throw new WarehouseException("connection refused", true, null);
    }
    return claims.merge(claimKey(topic, partition), epoch, Math::max);
  }

  /** Inserts the fence refused. */
  public synchronized int fencedInserts() {
    return fencedInserts;
  }

  private static String claimKey(String topic, int partition) {
    return topic + "/" + partition;
  }

  /** How often an insert started while another of the same table and Kafka partition ran. */
  public synchronized int overlappingInsertsOfOnePartition() {
    return overlaps;
  }

  /** Most inserts running at once, over all partitions. */
  public synchronized int maxConcurrentInserts() {
    return maxConcurrent;
  }

  @Override
  public synchronized OptionalLong nextOffset(WarehouseTable table, String topic, int partition) {
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
  public synchronized List<Long> offsets(WarehouseTable table, String topic, int partition) {
    return tables.get(table).stream()
        .filter(r -> topicOf(r).equals(topic) && partitionOf(r) == partition)
        .map(Row::offset)
        .toList();
  }

  public synchronized List<Row> rows(WarehouseTable table) {
    return List.copyOf(tables.get(table));
  }

  public synchronized List<Batch> inserts() {
    return List.copyOf(inserts);
  }

  /** Simulates rows written by an earlier process (e.g. inserted, then killed before commit). */
  public synchronized void preload(WarehouseTable table, List<Row> rows) {
    tables.get(table).addAll(rows);
  }

  private static String topicOf(Row r) {
    return (String) r.values().get(r.values().size() - 3);
  }

  private static int partitionOf(Row r) {
    return (Integer) r.values().get(r.values().size() - 2);
  }
}
