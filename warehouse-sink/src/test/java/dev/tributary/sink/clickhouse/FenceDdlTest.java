package dev.tributary.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.BackfillTables;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.warehouse.schema.WarehouseShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class FenceDdlTest {

  @Test
  void shouldWriteDirectlyEveryTableARollupReadsAndFenceTheRest() {
    assertThat(FenceDdl.UNFENCED).extracting(WarehouseTable::name).containsExactlyInAnyOrder(
        WarehouseTables.METRICS_MINUTE.name(), WarehouseTables.METRICS_TOO_LATE.name(), BackfillTables.TABLE);
    assertThat(FenceDdl.fenced(WarehouseTables.EVENTS)).isTrue();
    assertThat(FenceDdl.fenced(WarehouseTables.METRICS_MINUTE)).isFalse();
  }

  @Test
  void shouldReplicateClaimsPerShardAndCheckRowsOnEveryNodeBeforeItsLocalTable() {
    List<String> ddl = FenceDdl.statements("db", List.of(WarehouseTables.EVENTS, WarehouseTables.METRICS_MINUTE),
        new WarehouseShape.Cluster("tributary"));

    assertThat(ddl).hasSize(3).allSatisfy(statement -> assertThat(statement).contains(" ON CLUSTER `tributary`"));
    assertThat(ddl.get(0)).startsWith("CREATE TABLE IF NOT EXISTS `db`.`sink_fences` ON CLUSTER")
        .contains("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db/sink_fences', '{replica}')");
    assertThat(ddl.get(1)).contains("`db`.`" + FenceDdl.relay(WarehouseTables.EVENTS) + "`").endsWith("ENGINE = Null");
    assertThat(ddl.get(2)).contains(" TO `db`.`events_local` AS SELECT ")
        .contains("FROM `db`.`" + FenceDdl.relay(WarehouseTables.EVENTS) + "`")
        .contains("FROM `db`.`sink_fences` GROUP BY topic, partition");
  }

  @Test
  void shouldKeepSingleServerClaimsUnreplicated() {
    List<String> ddl = FenceDdl.statements("db", List.of(WarehouseTables.EVENTS), new WarehouseShape.SingleNode());

    assertThat(ddl.get(0)).endsWith("ENGINE = MergeTree ORDER BY (topic, partition, epoch)").doesNotContain("ON CLUSTER");
    assertThat(ddl.get(2)).contains(" TO `db`.`events` AS SELECT ");
  }
}
