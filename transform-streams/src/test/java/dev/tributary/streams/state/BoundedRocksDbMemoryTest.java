package dev.tributary.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {

  private static final long BUDGET = 16L * 1024 * 1024;

  /** Options as Kafka Streams hands them to a config setter: its table config, the one whose cache can be read. */
  private static Options storeOptions() {
    Options options = new Options();
    options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
    return options;
  }

  private static BlockBasedTableConfigWithAccessibleCache table(Options options) {
    return (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
  }

  @Test
  void shouldPutEveryStoreOnOneSharedCacheOfTheBudget() {
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    Map<String, Object> configs = Map.of(BoundedRocksDbMemory.BUDGET_CONFIG, BUDGET);
    try (Options dedupe = storeOptions(); Options sessions = storeOptions()) {
      setter.setConfig("dedupe-store.1700000000000", dedupe, configs);
      setter.setConfig("sessions-store", sessions, configs);

      assertThat(table(dedupe).blockCache()).isNotNull().isSameAs(table(sessions).blockCache())
          .isSameAs(BoundedRocksDbMemory.shared(BUDGET).cache());
      assertThat(table(dedupe).cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table(dedupe).pinTopLevelIndexAndFilter()).isTrue();
      assertThat(dedupe.writeBufferManager()).isSameAs(sessions.writeBufferManager())
          .isSameAs(BoundedRocksDbMemory.shared(BUDGET).writeBuffers());
    }
  }

  @Test
  void shouldReadTheBudgetAsKafkaStreamsPassesItOn() {
    assertThat(BoundedRocksDbMemory.budget(Map.of(BoundedRocksDbMemory.BUDGET_CONFIG, "67108864"))).isEqualTo(67_108_864L);
    assertThat(BoundedRocksDbMemory.budget(Map.of(BoundedRocksDbMemory.BUDGET_CONFIG, 67_108_864L))).isEqualTo(67_108_864L);
  }

  @Test
  void shouldRefuseToRunWithoutABudgetNamingTheKey() {
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    try (Options options = storeOptions()) {
      assertThatThrownBy(() -> setter.setConfig("sessions-store", options, Map.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(BoundedRocksDbMemory.BUDGET_CONFIG).hasMessageContaining("rocksdb.memory.bytes");
    }
    assertThatThrownBy(() -> BoundedRocksDbMemory.budget(Map.of(BoundedRocksDbMemory.BUDGET_CONFIG, 0L)))
        .hasMessageContaining("must be positive");
  }
}
