package dev.tributary.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.BackfillTables;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseTables;
import org.junit.jupiter.api.Test;

class FenceDdlTest {

  @Test
  void shouldWriteDirectlyEveryTableARollupReadsAndFenceTheRest() {
    assertThat(FenceDdl.UNFENCED).extracting(WarehouseTable::name).containsExactlyInAnyOrder(
        WarehouseTables.METRICS_MINUTE.name(), WarehouseTables.METRICS_TOO_LATE.name(), BackfillTables.TABLE);
    assertThat(FenceDdl.fenced(WarehouseTables.EVENTS)).isTrue();
    assertThat(FenceDdl.fenced(WarehouseTables.METRICS_MINUTE)).isFalse();
  }
}
