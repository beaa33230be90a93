package dev.tributary.streams.config;

import dev.tributary.streams.state.BoundedRocksDbMemory;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The off-heap memory of the local stores: one budget that every RocksDB store of the process shares
 * ({@link BoundedRocksDbMemory}), or Kafka Streams' per-store defaults. Part of {@link StreamsSettings}.
 *
 * <p>Immutable.
 *
 * @param rocksDbMemoryBytes the shared budget in bytes; 0 for Kafka Streams' per-store defaults
 */
public record StoreMemorySettings(long rocksDbMemoryBytes) {

  public static final String ROCKSDB_MEMORY_BYTES = "rocksdb.memory.bytes";
  /**
   * Default of {@link #ROCKSDB_MEMORY_BYTES}: unbounded (Kafka Streams' per-store defaults). A 64 MiB budget took
   * the streams process from 774 to 547 MiB of RSS in the same bench run but cost 33 % more CPU per event
   * (206 against 155 µs: the sessions' working set no longer fits), and the streams stage is the pipeline's wall;
   * docs/PERFORMANCE.md, "Memory".
   */
  public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 0L;
  /** Less than this cannot hold the index and filter blocks of a busy instance's stores. */
  public static final long MIN_ROCKSDB_MEMORY_BYTES = 8L * 1024 * 1024;

  public StoreMemorySettings {
    if (rocksDbMemoryBytes != 0 && rocksDbMemoryBytes < MIN_ROCKSDB_MEMORY_BYTES) {
      throw new IllegalArgumentException("rocksDbMemoryBytes must be 0 or at least " + MIN_ROCKSDB_MEMORY_BYTES
          + ": " + rocksDbMemoryBytes);
    }
  }

  static ConfigDef define(ConfigDef def) {
    return def.define(ROCKSDB_MEMORY_BYTES, Type.LONG, DEFAULT_ROCKSDB_MEMORY_BYTES, ZERO_OR_AT_LEAST_MIN,
        Importance.MEDIUM,
        "Off-heap memory that all RocksDB stores of this instance share (dedupe, sessions, identity, metrics, audit,"
            + " experiments): block cache, index and filter blocks, and the memtables, which are charged to the same"
            + " cache and flushed when they pass half of it. Without a bound every store, and every segment of the"
            + " dedupe window store, takes Kafka Streams' defaults (a 50 MiB block cache and up to three 16 MiB"
            + " memtables each), and the process grows with partitions and data: 774 MiB of RSS after the short bench,"
            + " 1,240 MiB after the full one. A budget trades CPU for that memory once the stores' working set (the"
            + " sessions of active identities, the dedupe window's recent ids) outgrows it: 64 MiB held the process"
            + " at 547 MiB but cost 33 % more CPU per event (docs/PERFORMANCE.md, \"Memory\"). Size the container"
            + " for heap + this + about 250 MiB. 0 (the default) leaves Kafka Streams' per-store defaults; a"
            + " streams.rocksdb.config.setter of your own replaces this bound.");
  }

  private static final ConfigDef.Validator ZERO_OR_AT_LEAST_MIN = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      long bytes = (Long) value;
      if (bytes != 0) {
        Range.atLeast(MIN_ROCKSDB_MEMORY_BYTES).ensureValid(name, value);
      }
    }

    @Override
    public String toString() {
      return "0 or [" + MIN_ROCKSDB_MEMORY_BYTES + ",...]";
    }
  };

  static StoreMemorySettings from(AbstractConfig v) {
    return new StoreMemorySettings(v.getLong(ROCKSDB_MEMORY_BYTES));
  }

  /** Puts the Kafka Streams keys these settings stand for into {@code streamsConfig}. */
  void applyTo(Map<String, Object> streamsConfig) {
    if (rocksDbMemoryBytes > 0) {
      streamsConfig.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
      streamsConfig.put(BoundedRocksDbMemory.BUDGET_CONFIG, rocksDbMemoryBytes);
    }
  }
}
