package dev.tributary.warehouse.schema;

import java.util.Objects;

/**
 * Which shape of ClickHouse the warehouse DDL is generated for: one server ({@link SingleNode}, the
 * tables themselves) or a sharded, replicated {@link Cluster} ({@code Replicated…MergeTree} tables named
 * {@code <table>_local} on every node, and under each catalogue table name a {@code Distributed} table
 * over them, all created {@code ON CLUSTER}). Readers name the same tables and views in both shapes;
 * only the loader writes, and resumes from, the local tables.
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface WarehouseShape permits WarehouseShape.SingleNode, WarehouseShape.Cluster {

  /** Suffix of the replicated table that holds a shard's rows of a catalogue table in the cluster shape. */
  String LOCAL_SUFFIX = "_local";

  /** One ClickHouse server: DDL as it always was. */
  record SingleNode() implements WarehouseShape {
    @Override
    public String storageTable(String table) {
      return table;
    }

    @Override
    public String onCluster() {
      return "";
    }
  }

  /**
   * A cluster of {@code remote_servers}: every node has the macros {@code shard} and {@code replica}
   * (the keeper path of a replicated table is per shard, the replica name per node) and the
   * distributed DDL queue.
   *
   * @param name the cluster's name in {@code remote_servers}
   */
  record Cluster(String name) implements WarehouseShape {
    public Cluster {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a cluster needs a name");
      }
    }

    @Override
    public String storageTable(String table) {
      return table + LOCAL_SUFFIX;
    }

    @Override
    public String onCluster() {
      return " ON CLUSTER " + Sql.identifier(name);
    }
  }

  static WarehouseShape singleNode() {
    return new SingleNode();
  }

  static WarehouseShape cluster(String name) {
    return new Cluster(name);
  }

  /** The table that physically holds the rows of catalogue table {@code table}: where the sink inserts and resumes from. */
  String storageTable(String table);

  /** {@code ""} or {@code " ON CLUSTER `name`"}, to follow the name of the object a DDL statement creates, alters or drops. */
  String onCluster();
}
