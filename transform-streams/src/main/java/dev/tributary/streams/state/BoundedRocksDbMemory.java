package dev.tributary.streams.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Puts every RocksDB store of the process under one off-heap budget. Kafka Streams' defaults give
 * each store instance (each task's store, and each segment of a window store such as the dedupe
 * store) its own 50 MiB block cache and up to three 16 MiB memtables, so the process's memory grows
 * with tasks and stores rather than with what it needs: at 50,000 events/s on three partitions the
 * streams process held 760–870 MiB of RSS, of which about 300 MiB was RocksDB (docs/PERFORMANCE.md,
 * "Memory"). Here all stores share one LRU cache of the budget; index and filter blocks live in it
 * (at high priority, top level pinned), and a {@link WriteBufferManager} charges the memtables to the
 * same cache, so the budget bounds block cache, indexes, filters and memtables together: the recipe
 * of Kafka's documentation ("Memory management", RocksDB).
 *
 * <p>Kafka Streams instantiates this class per store and hands it the application's configuration,
 * where {@link #BUDGET_CONFIG} carries the budget ({@code rocksdb.memory.bytes}, set by the service's
 * settings). The cache is shared per budget and lives as long as the process, like the stores that
 * use it; it is never closed per store. Thread-safe.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** The key, in the Kafka Streams configuration, of the budget in bytes. */
  public static final String BUDGET_CONFIG = "tributary.rocksdb.memory.bytes";
  /** The share of the budget the memtables may take before RocksDB flushes them. */
  static final double MEMTABLE_SHARE = 0.5;
  /** The share of the cache kept for index and filter blocks (high priority). */
  static final double HIGH_PRIORITY_SHARE = 0.1;

  private static final ConcurrentMap<Long, Shared> SHARED = new ConcurrentHashMap<>();

  /** The cache and the memtable accounting that every store under one budget shares. */
  record Shared(Cache cache, WriteBufferManager writeBuffers) {}

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Shared shared = shared(budget(configs));
    BlockBasedTableConfigWithAccessibleCache table = (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(shared.writeBuffers());
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write buffer manager are shared by every store of the process: nothing per store
  }

  /** The cache and memtable accounting for {@code budget} bytes, created once. */
  static Shared shared(long budget) {
    return SHARED.computeIfAbsent(budget, b -> {
      RocksDB.loadLibrary();
      LRUCache cache = new LRUCache(b, -1, false, HIGH_PRIORITY_SHARE);
      return new Shared(cache, new WriteBufferManager((long) (b * MEMTABLE_SHARE), cache));
    });
  }

  /** The budget from the application's configuration; a missing or non-positive one is a wiring bug. */
  static long budget(Map<String, Object> configs) {
    Object value = configs.get(BUDGET_CONFIG);
    long budget;
    if (value instanceof Number n) {
      budget = n.longValue();
    } else if (value instanceof String s && !s.isBlank()) {
      budget = Long.parseLong(s.strip());
    } else {
      throw new IllegalStateException(BoundedRocksDbMemory.class.getSimpleName() + " needs " + BUDGET_CONFIG
          + " in the Kafka Streams configuration (set from rocksdb.memory.bytes); got " + value);
    }
    if (budget <= 0) {
      throw new IllegalStateException(BUDGET_CONFIG + " must be positive, got " + budget);
    }
    return budget;
  }
}
