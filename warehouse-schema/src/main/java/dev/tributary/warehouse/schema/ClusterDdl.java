package dev.tributary.warehouse.schema;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.PersonSnapshot;
import dev.tributary.common.catalogue.Rollups;
import dev.tributary.common.catalogue.WarehouseTable;
import dev.tributary.common.catalogue.WarehouseView;
import dev.tributary.warehouse.schema.WarehouseShape.Cluster;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster shape's DDL ({@link WarehouseShape.Cluster}), generated from the same catalogue as the
 * single-node DDL of {@link TableDdl}: per catalogue table a {@code Replicated…MergeTree} table
 * {@code <table>_local} on every node (keeper path per shard, so the replicas of a shard hold the same
 * rows) and, under the table's own name, a {@code Distributed} table over the shards, every statement
 * {@code ON CLUSTER}. Views and the rollup's materialized views are created on every node; the views
 * read the {@code Distributed} tables (so their SQL is the single-node SQL), the materialized views
 * read the local tables (an INSERT into a shard's local table feeds that shard's local rollup).
 *
 * <p>Why {@code FINAL} over a {@code Distributed} table still means "each row once": it runs per shard,
 * and the sink writes each Kafka partition to one shard, and every row identity of a replacing table
 * (event id, minute key, session, person...) is written by its topic's key to one partition.
 *
 * <p>Pure; thread-safe.
 */
public final class ClusterDdl {

  /** Keeper path prefix of the replicated tables; {@code {shard}} is each node's macro. */
  static final String KEEPER_TABLES = "/clickhouse/tables/";

  private ClusterDdl() {}

  /** The database and, per catalogue table, its replicated local table and its {@code Distributed} table. */
  static List<String> tableStatements(String database, Cluster cluster) {
    List<String> statements = new ArrayList<>();
    statements.add("CREATE DATABASE IF NOT EXISTS " + Sql.identifier(database) + cluster.onCluster());
    for (WarehouseTable table : Datasets.tables()) {
      statements.add(createLocalTable(database, table, cluster));
      statements.add(createDistributed(database, table.name(), cluster));
    }
    return List.copyOf(statements);
  }

  /** The replicated local table of {@code table}, on every node. */
  static String createLocalTable(String database, WarehouseTable table, Cluster cluster) {
    String local = cluster.storageTable(table.name());
    return "CREATE TABLE IF NOT EXISTS " + Sql.qualified(database, local) + cluster.onCluster() + " ("
        + TableDdl.columnList(table) + ") ENGINE = "
        + TableDdl.engine(table, replicationArguments(keeperPath("{shard}", database, local)));
  }

  /**
   * The {@code Distributed} table named {@code table} over the shards' {@code <table>_local}, on every
   * node. No sharding key: nothing inserts through it (the sink inserts into the local table of the
   * shard that owns the Kafka partition), and ClickHouse refuses such an INSERT across several shards.
   */
  static String createDistributed(String database, String table, Cluster cluster) {
    String local = cluster.storageTable(table);
    return "CREATE TABLE IF NOT EXISTS " + Sql.qualified(database, table) + cluster.onCluster() + " AS "
        + Sql.qualified(database, local) + " ENGINE = Distributed(" + Sql.literal(cluster.name()) + ", "
        + Sql.literal(database) + ", " + Sql.literal(local) + ")";
  }

  /**
   * The rollups ({@link Rollups}) per shard: each table becomes a replicated local table with a
   * {@code Distributed} table over it, and its materialized views read and write the local tables.
   * Derived from {@link Rollups#ddlByTable()} by renaming the tables it names to their local tables,
   * so the rollups' SQL is written once.
   */
  static List<String> rollupStatements(String database, Cluster cluster) {
    List<String> statements = new ArrayList<>();
    Rollups.ddlByTable().forEach((rollup, ddl) -> {
      String table = localised(ddl.get(0), cluster);
      String local = cluster.storageTable(rollup);
      statements.add(TableDdl.withDatabase(onCluster(table, local, cluster)
          .replace("ENGINE = AggregatingMergeTree()", "ENGINE = ReplicatedAggregatingMergeTree"
              + replicationArguments(keeperPath("{shard}", database, local))), database));
      statements.add(createDistributed(database, rollup, cluster));
      for (String view : ddl.subList(1, ddl.size())) {
        String name = createdName(view);
        statements.add(TableDdl.withDatabase(onCluster(localised(view, cluster), name, cluster), database));
      }
    });
    // kept empty on a cluster (no refresher): the metric then joins the whole mapping at query time
    statements.add(TableDdl.withDatabase(onCluster(PersonSnapshot.ddl(), PersonSnapshot.TABLE, cluster), database));
    return List.copyOf(statements);
  }

  /**
   * The statements that add a nullable column to a table of an older cluster: to the replicated local
   * tables (one ALTER per shard, replicated to its replicas), then the {@code Distributed} table is
   * created again over the new shape (18.16 cannot ALTER a {@code Distributed} table of a cluster whose
   * shards replicate internally; it holds no data, so dropping it loses nothing).
   */
  static List<String> addColumn(SchemaEvolution.AddColumn addition, String database, Cluster cluster) {
    String local = cluster.storageTable(addition.table().name());
    return List.of(
        "ALTER TABLE " + Sql.qualified(database, local) + cluster.onCluster() + " ADD COLUMN "
            + Sql.identifier(addition.column().name()) + " " + addition.column().type().sql() + " AFTER "
            + Sql.identifier(addition.after()),
        "DROP TABLE IF EXISTS " + Sql.qualified(database, addition.table().name()) + cluster.onCluster(),
        createDistributed(database, addition.table().name(), cluster));
  }

  /**
   * The first arguments of a replicated engine for {@code table} of {@code database} split by shard: the
   * replicas of a shard share its rows. For tables outside the catalogue that live beside it (the sink's
   * claims).
   */
  public static String shardReplication(String database, String table) {
    return replicationArguments(keeperPath("{shard}", database, table));
  }

  /** {@code ('<path>', '{replica}')}: a replicated engine's first arguments. */
  static String replicationArguments(String keeperPath) {
    return "(" + Sql.literal(keeperPath) + ", '{replica}')";
  }

  /**
   * Where a replicated table of {@code database} keeps its state in the keeper; {@code shard} is
   * {@code {shard}} for a table split by shard, a constant for one replicated to every node.
   */
  static String keeperPath(String shard, String database, String table) {
    return KEEPER_TABLES + shard + "/" + database + "/" + table;
  }

  /**
   * A catalogue statement (with the {@code {db}} placeholder; a rollup's check or refill, say) for one node of
   * {@code cluster}, reading and writing its shard's local tables: a rollup's check and refill hold per shard,
   * since each shard's rollup is fed by its own minute rows, and a refill written to one replica reaches the others.
   */
  public static String onShard(String sql, String database, Cluster cluster) {
    return TableDdl.withDatabase(localised(sql, cluster), database);
  }

  /** {@code sql} (a catalogue statement with the {@code {db}} placeholder) reading and writing local tables. */
  static String localised(String sql, Cluster cluster) {
    String out = sql;
    for (String table : storedTables()) {
      out = out.replace(reference(table), reference(cluster.storageTable(table)));
    }
    return out;
  }

  /** {@code ON CLUSTER} after the name of the object that {@code create} creates. */
  static String onCluster(String create, String name, Cluster cluster) {
    String ref = reference(name);
    int at = create.indexOf(ref);
    if (at < 0) {
      throw new IllegalArgumentException("statement does not name " + ref + ": " + create);
    }
    return create.substring(0, at + ref.length()) + cluster.onCluster() + create.substring(at + ref.length());
  }

  private static String createdName(String create) {
    String marker = WarehouseView.DATABASE_PLACEHOLDER + ".`";
    int start = create.indexOf(marker) + marker.length();
    return create.substring(start, create.indexOf('`', start));
  }

  private static Set<String> storedTables() {
    Set<String> tables = new LinkedHashSet<>();
    Datasets.tables().forEach(t -> tables.add(t.name()));
    tables.addAll(Rollups.ddlByTable().keySet());
    return tables;
  }

  private static String reference(String table) {
    return WarehouseView.DATABASE_PLACEHOLDER + ".`" + table + "`";
  }
}
