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
  /** Default of {@link #ROCKSDB_MEMORY_BYTES}: with a 256 MiB heap, the process stays under 512 MiB. */
  public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 64L * 1024 * 1024;
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
            + " memtables each), and the process grows with partitions: 760-870 MiB of RSS at 50,000 events/s on 3"
            + " partitions (docs/PERFORMANCE.md, \"Memory\"). Raise it when the stores' working set (the sessions of"
            + " active identities, the dedupe window's recent ids) outgrows it and reads go to disk; size the"
            + " container for heap + this + about 150 MiB. 0 leaves Kafka Streams' per-store defaults; a"
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
