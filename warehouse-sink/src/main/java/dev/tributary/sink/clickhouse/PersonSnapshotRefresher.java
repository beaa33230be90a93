package dev.tributary.sink.clickhouse;

import dev.tributary.common.catalogue.PersonSnapshot;
import dev.tributary.warehouse.schema.TableDdl;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the {@link PersonSnapshot} of one single-node warehouse when the {@code persons} table has
 * moved since this refresher's last refresh (first call: always). The metric that reads the snapshot is
 * exact whatever its age, so a refresh that fails, or never runs, costs speed only; several refreshers
 * (one per sink instance) may run at once.
 *
 * <p>Not thread-safe: one thread calls {@link #refresh()}.
 */
public final class PersonSnapshotRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(PersonSnapshotRefresher.class);
  /** A work table older than this was left by a refresher that died (a refresh takes seconds). */
  static final long LEFTOVER_AGE_SECONDS = 600;

  /** What one {@link #refresh()} did. */
  public enum Outcome { REFRESHED, UNCHANGED }

  private final UnaryOperator<String> query;
  private final Consumer<String> execute;
  private final String database;
  private SortedMap<Integer, Long> refreshedAt;

  /**
   * @param query runs a SELECT whose SQL names its format and returns the body
   * @param execute runs a statement that returns nothing
   */
  public PersonSnapshotRefresher(UnaryOperator<String> query, Consumer<String> execute, String database) {
    this.query = Objects.requireNonNull(query, "query");
    this.execute = Objects.requireNonNull(execute, "execute");
    this.database = Objects.requireNonNull(database, "database");
  }

  /** A refresher over {@code warehouse}'s client. */
  public static PersonSnapshotRefresher of(ClickHouseWarehouseWriter warehouse, String database) {
    return new PersonSnapshotRefresher(warehouse::query, warehouse::execute, database);
  }

  /**
   * Drops work tables left by a refresher that died, then, when {@code persons} has moved since the last
   * refresh, builds a snapshot and swaps it in.
   *
   * @throws dev.tributary.sink.batching.WarehouseException when ClickHouse fails a step (the snapshot in
   *     place stays; the next call starts over)
   */
  public Outcome refresh() {
    for (String leftover : query.apply(PersonSnapshot.leftoversQuery(database, LEFTOVER_AGE_SECONDS)).split("\n")) {
      if (!leftover.isBlank()) {
        LOG.info("Dropping {}.{}, left by a person snapshot refresh that did not finish", database, leftover);
        execute.accept(TableDdl.withDatabase(PersonSnapshot.dropLeftover(leftover.strip()), database));
      }
    }
    SortedMap<Integer, Long> nextOffsets = watermarks();
    if (nextOffsets.equals(refreshedAt)) {
      return Outcome.UNCHANGED;
    }
    long began = System.nanoTime();
    String suffix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    for (String statement : PersonSnapshot.refreshStatements(suffix, nextOffsets)) {
      execute.accept(TableDdl.withDatabase(statement, database));
    }
    refreshedAt = nextOffsets;
    LOG.info("Refreshed {}.{} up to the persons offsets {} (partition=next offset) in {} ms", database,
        PersonSnapshot.TABLE, nextOffsets, (System.nanoTime() - began) / 1_000_000);
    return Outcome.REFRESHED;
  }

  private SortedMap<Integer, Long> watermarks() {
    SortedMap<Integer, Long> marks = new TreeMap<>();
    for (String line : query.apply(TableDdl.withDatabase(PersonSnapshot.watermarksQuery(), database)).split("\n")) {
      if (!line.isBlank()) {
        String[] f = line.strip().split("\t");
        marks.put(Integer.parseInt(f[0]), Long.parseLong(f[1]));
      }
    }
    return marks;
  }
}
