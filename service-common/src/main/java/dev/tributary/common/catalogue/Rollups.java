package dev.tributary.common.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rollups of the minute metrics that the hour and day views and the catalogue's metrics read: the
 * distinct-user states ({@link UserRollup}), the final minutes' counts and revenue ({@link CountRollup})
 * and the identities active per day that daily active persons join to the person mapping
 * ({@link IdentityDayRollup}). Each is a
 * table fed by materialized views, checked and refilled from the tables it rolls up; this lists them
 * once for the DDL, the sink and the tests, with the {@link PersonSnapshot} that the same metric reads
 * (a table the sink refreshes, not fed by views).
 *
 * <p>Pure; thread-safe.
 */
public final class Rollups {

  private Rollups() {}

  /**
   * Every rollup's table and materialized views, and the person snapshot, idempotent; run after the tables
   * they read, before the views.
   */
  public static List<String> ddl() {
    List<String> ddl = new ArrayList<>();
    ddlByTable().values().forEach(ddl::addAll);
    ddl.add(PersonSnapshot.ddl());
    return List.copyOf(ddl);
  }

  /**
   * Per rollup table, its DDL: the table's {@code CREATE} first, then the materialized views that feed
   * it (what a cluster turns into a replicated table per shard and views over the local tables). The one
   * list of the rollups' DDL; {@link #ddl()} adds the person snapshot, which a cluster creates on every
   * node as it is.
   */
  public static Map<String, List<String>> ddlByTable() {
    Map<String, List<String>> ddl = new LinkedHashMap<>();
    ddl.put(UserRollup.TABLE, UserRollup.ddl());
    ddl.put(CountRollup.TABLE, CountRollup.ddl());
    ddl.put(IdentityDayRollup.TABLE, IdentityDayRollup.ddl());
    return ddl;
  }

  /** Every relation {@link #ddl()} creates. */
  public static List<String> relations() {
    List<String> relations = new ArrayList<>(UserRollup.relations());
    relations.addAll(CountRollup.relations());
    relations.addAll(IdentityDayRollup.relations());
    relations.add(PersonSnapshot.TABLE);
    return List.copyOf(relations);
  }

  /** Per rollup table, its check query: the hours or days where it differs from the tables it rolls up (empty: none). */
  public static Map<String, String> checks() {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put(UserRollup.TABLE, UserRollup.checkQuery());
    checks.put(CountRollup.TABLE, CountRollup.checkQuery());
    checks.put(IdentityDayRollup.TABLE, IdentityDayRollup.checkQuery());
    return checks;
  }

  /**
   * The catalogue's tables that the rollups' materialized views read: an INSERT into one of them feeds the
   * rollups, and is what {@link #refillRowsOf} repairs.
   */
  public static Set<String> sources() {
    return Datasets.tables().stream().map(WarehouseTable::name)
        .filter(name -> ddl().stream().anyMatch(ddl -> ddl.contains("FROM " + WarehouseView.DATABASE_PLACEHOLDER
            + ".`" + name + "`")))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The statements that feed every rollup again from the rows of {@code table} loaded from {@code topic}
   * partition {@code partition} at offsets {@code first} to {@code last}: what its views may have missed of
   * one INSERT, since ClickHouse writes a table and its views apart (a server killed, or a replica lost,
   * between the two). Sets, so always safe. Empty when no rollup reads {@code table}.
   *
   * @throws IllegalArgumentException when {@code topic} is not a legal Kafka topic name
   */
  public static List<String> refillRowsOf(String table, String topic, int partition, long first, long last) {
    if (!sources().contains(table)) {
      return List.of();
    }
    if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("not a Kafka topic name: " + topic);
    }
    String rows = WarehouseTable.TOPIC_COLUMN + " = '" + topic + "' AND " + WarehouseTable.PARTITION_COLUMN + " = "
        + partition + " AND " + WarehouseTable.OFFSET_COLUMN + " BETWEEN " + first + " AND " + last;
    return refills(rows).values().stream().flatMap(List::stream).toList();
  }

  /** Per rollup table, the statements that feed it from everything in the tables it rolls up (always safe). */
  public static Map<String, List<String>> refillEverything() {
    return refills("1");
  }

  /** Per rollup table, the statements that feed it from the rows of the tables it rolls up that match {@code condition}. */
  private static Map<String, List<String>> refills(String condition) {
    Map<String, List<String>> refills = new LinkedHashMap<>();
    refills.put(UserRollup.TABLE, UserRollup.refillQueries(condition));
    refills.put(CountRollup.TABLE, CountRollup.refillQueries(condition));
    refills.put(IdentityDayRollup.TABLE, IdentityDayRollup.refillQueries(condition));
    return refills;
  }
}
