package dev.tributary.warehouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.ColumnType;
import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.CountRollup;
import dev.tributary.common.catalogue.IdentityDayRollup;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.UserRollup;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseTables;
import dev.tributary.warehouse.metrics.MetricDefinitionsTable;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ClusterDdlTest {

  private static final ServerCapabilities OLD = ServerCapabilities.of("18.16.1");
  private static final WarehouseShape CLUSTER = new WarehouseShape.Cluster("tributary");

  @Test
  void shouldLeaveSingleNodeDdlAsItWas() {
    assertThat(TableDdl.statements("db", OLD, new WarehouseShape.SingleNode())).isEqualTo(TableDdl.statements("db", OLD));
    assertThat(MetricDefinitionsTable.ddl("db", new WarehouseShape.SingleNode())).isEqualTo(MetricDefinitionsTable.ddl("db"));
  }

  @Test
  void shouldRunEveryClusterStatementOnEveryNode() {
    List<String> all = new java.util.ArrayList<>(TableDdl.statements("db", OLD, CLUSTER));
    all.addAll(MetricDefinitionsTable.ddl("db", CLUSTER));
    assertThat(all).isNotEmpty().allSatisfy(s -> assertThat(s).contains(" ON CLUSTER `tributary`"));
  }

  @Test
  void shouldCreateEveryCatalogueTableAsReplicatedLocalTableWithDistributedTableUnderItsName() {
    List<String> statements = TableDdl.tableStatements("db", OLD, CLUSTER);
    assertThat(statements.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS `db` ON CLUSTER `tributary`");
    for (WarehouseTable table : Datasets.tables()) {
      String local = table.name() + "_local";
      assertThat(statements).anySatisfy(s -> assertThat(s)
          .startsWith("CREATE TABLE IF NOT EXISTS `db`.`" + local + "` ON CLUSTER `tributary` (")
          .contains("ENGINE = Replicated")
          .contains("('/clickhouse/tables/{shard}/db/" + local + "', '{replica}'")
          .endsWith(TableDdl.engine(table).substring(TableDdl.engine(table).indexOf(" PARTITION BY"))));
      assertThat(statements).contains("CREATE TABLE IF NOT EXISTS `db`.`" + table.name() + "` ON CLUSTER `tributary`"
          + " AS `db`.`" + local + "` ENGINE = Distributed('tributary', 'db', '" + local + "')");
    }
  }

  @Test
  void shouldKeepTheVersionColumnOfReplacingTableAfterTheReplicationArguments() {
    String ddl = ClusterDdl.createLocalTable("db", WarehouseTables.METRICS_MINUTE, (WarehouseShape.Cluster) CLUSTER);
    String version = WarehouseTables.METRICS_MINUTE.engine().versionColumn().orElseThrow();
    assertThat(ddl).contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/db/metrics_minute_local',"
        + " '{replica}', " + version + ")");
  }

  @Test
  void shouldFeedEachShardsRollupFromThatShardsMinuteTables() {
    List<String> rollup = TableDdl.rollupStatements("db", CLUSTER);
    assertThat(rollup.get(0)).startsWith("CREATE TABLE IF NOT EXISTS `db`.`" + UserRollup.TABLE + "_local` ON CLUSTER")
        .contains("ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/db/" + UserRollup.TABLE + "_local'");
    assertThat(rollup.get(1)).contains("ENGINE = Distributed('tributary', 'db', '" + UserRollup.TABLE + "_local')");
    assertThat(rollup.subList(2, 4)).allSatisfy(mv -> assertThat(mv)
        .startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS `db`.`" + UserRollup.TABLE + "_from_")
        .contains("` ON CLUSTER `tributary` TO `db`.`" + UserRollup.TABLE + "_local` AS SELECT")
        .containsPattern("FROM `db`\\.`metrics_(minute|too_late)_local`"));
  }

  @Test
  void shouldGiveEveryRollupAReplicatedTablePerShardAndADistributedTableOverThem() {
    List<String> rollup = TableDdl.rollupStatements("db", CLUSTER);
    assertThat(Rollups.ddlByTable().keySet()).isNotEmpty().allSatisfy(table -> {
      String local = table + "_local";
      assertThat(rollup).anySatisfy(ddl -> assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS `db`.`" + local + "`")
          .contains("ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/db/" + local + "'"));
      assertThat(rollup).anySatisfy(ddl -> assertThat(ddl).contains("Distributed('tributary', 'db', '" + local + "')"));
    });
  }

  @Test
  void shouldFeedEachShardsCountRollupFromThatShardsMinutes() {
    assertThat(TableDdl.rollupStatements("db", CLUSTER)).anySatisfy(ddl -> assertThat(ddl)
        .startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS `db`.`" + CountRollup.FROM_MINUTES_VIEW + "`")
        .contains("TO `db`.`" + CountRollup.TABLE + "_local`", "FROM `db`.`metrics_minute_local`"));
  }

  @Test
  void shouldFeedEachShardsDailyIdentitiesFromThatShardsThreeMetricTables() {
    assertThat(TableDdl.rollupStatements("db", CLUSTER))
        .filteredOn(ddl -> ddl.contains("TO `db`.`" + IdentityDayRollup.TABLE + "_local`")).hasSize(3)
        .allSatisfy(ddl -> assertThat(ddl).containsPattern("FROM `db`\\.`metrics_(minute|too_late|minute_backfill)_local`"));
  }

  @Test
  void shouldCreateTheSameViewsOverTheDistributedTablesOnEveryNode() {
    Map<String, UnaryOperator<String>> single = TableDdl.viewDefinitions("db");
    Map<String, UnaryOperator<String>> cluster = TableDdl.viewDefinitions("db", CLUSTER);
    assertThat(cluster.keySet()).containsExactlyElementsOf(single.keySet());
    single.forEach((view, create) -> assertThat(cluster.get(view).apply(view))
        .isEqualTo(create.apply(view).replace("`db`.`" + view + "` AS", "`db`.`" + view + "` ON CLUSTER `tributary` AS")));
  }

  @Test
  void shouldAddColumnToTheReplicatedTablesAndRecreateTheDistributedTableOverThem() {
    SchemaEvolution.AddColumn addition = new SchemaEvolution.AddColumn(WarehouseTables.EVENTS,
        Column.of("traits", ColumnType.NULLABLE_STRING, "doc"), "properties");
    assertThat(TableDdl.addColumn(addition, "db", CLUSTER)).containsExactly(
        "ALTER TABLE `db`.`events_local` ON CLUSTER `tributary` ADD COLUMN `traits` Nullable(String) AFTER `properties`",
        "DROP TABLE IF EXISTS `db`.`events` ON CLUSTER `tributary`",
        "CREATE TABLE IF NOT EXISTS `db`.`events` ON CLUSTER `tributary` AS `db`.`events_local`"
            + " ENGINE = Distributed('tributary', 'db', 'events_local')");
    assertThat(TableDdl.addColumn(addition, "db", new WarehouseShape.SingleNode())).containsExactly(addition.sql("db"));
  }

  @Test
  void shouldReplicateMetricDefinitionsToEveryNode() {
    assertThat(MetricDefinitionsTable.ddl("db", CLUSTER).get(0))
        .contains("ENGINE = ReplicatedMergeTree('/clickhouse/tables/all/db/metric_definitions', '{replica}')");
  }
}
