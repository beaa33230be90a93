package dev.tributary.sink.clickhouse;

import dev.tributary.warehouse.schema.Sql;
import dev.tributary.warehouse.schema.TableDdl;
import dev.tributary.sink.batching.WarehouseException;
import dev.tributary.warehouse.schema.ViewDefinitions;
import dev.tributary.warehouse.schema.WarehouseShape;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every view of the catalogue to the definition this version ships, at sink start: creates
 * missing ones and creates again (drop, create) those whose stored definition differs, as
 * {@link ViewDefinitions} decides. Views hold no data, so this is safe; an analyst query that runs
 * in the instant between the drop and the create of a changed view fails once, which happens only
 * on the first start of a version that changed it.
 *
 * <p>Safe when several sink instances start at once: each probe has its own random name, the drop
 * tolerates an absent view, the create an existing one, and every instance creates the same view.
 * Probes left behind by a sink killed mid-check are dropped by a later start once they are old.
 *
 * <p>Not thread-safe; used once per start by {@link ClickHouseWarehouseWriter#createSchema()}.
 */
final class ViewSynchroniser {

  private static final Logger LOG = LoggerFactory.getLogger(ViewSynchroniser.class);
  /** A probe older than this belongs to no running check (one takes milliseconds). */
  private static final int LEFTOVER_PROBE_AGE_SECONDS = 600;
  private static final int CONCURRENT_DROP_ATTEMPTS = 5;

  private final ClickHouseWarehouseWriter writer;
  private final String database;
  private final WarehouseShape shape;
  private final SecureRandom random = new SecureRandom();

  ViewSynchroniser(ClickHouseWarehouseWriter writer, String database, WarehouseShape shape) {
    this.writer = writer;
    this.database = database;
    this.shape = shape;
  }

  void synchronise() {
    dropLeftoverProbes();
    for (Map.Entry<String, UnaryOperator<String>> view : TableDdl.viewDefinitions(database, shape).entrySet()) {
      String name = view.getKey();
      UnaryOperator<String> create = view.getValue();
      Optional<String> stored = storedDefinition(name);
      if (stored.isEmpty()) {
        writer.execute(create.apply(name));
      } else if (!current(name, stored.get(), create)) {
        writer.execute("DROP TABLE IF EXISTS " + Sql.qualified(database, name) + shape.onCluster());
        writer.execute(create.apply(name));
        LOG.info("Recreated view {}.{}: its definition differed from this version's", database, name);
      }
    }
  }

  private boolean current(String view, String stored, UnaryOperator<String> create) {
    String probe = ViewDefinitions.probeName(view, random.nextLong() & Long.MAX_VALUE);
    writer.execute(create.apply(probe));
    try {
      String probeDefinition = storedDefinition(probe).orElseThrow(() -> new WarehouseException(
          "ClickHouse database " + database + " does not list the view " + probe + " just created", true, null));
      return ViewDefinitions.current(view, stored, probe, probeDefinition);
    } finally {
      writer.execute("DROP TABLE IF EXISTS " + Sql.qualified(database, probe) + shape.onCluster());
    }
  }

  /**
   * The view's definition as the server stores it, or empty when there is no such view. Another sink
   * instance may drop the view between the two queries (it is recreating it): then ask again.
   */
  private Optional<String> storedDefinition(String name) {
    String qualified = Sql.qualified(database, name);
    for (int attempt = 1; ; attempt++) {
      if (!"1".equals(writer.query("EXISTS TABLE " + qualified + " FORMAT TabSeparated").strip())) {
        return Optional.empty();
      }
      try {
        String tsv = writer.query("SHOW CREATE TABLE " + qualified + " FORMAT TabSeparated").strip();
        return Optional.of(ClickHouseWarehouseWriter.unescapeTsv(tsv));
      } catch (WarehouseException e) {
        if (attempt == CONCURRENT_DROP_ATTEMPTS) {
          throw e;
        }
        LOG.debug("{} vanished while being read (another sink instance recreating it?); reading again", qualified, e);
      }
    }
  }

  /** Best effort: a leftover probe only clutters the database, so failing to list or drop one is logged. */
  private void dropLeftoverProbes() {
    try {
      dropProbesOlderThan(LEFTOVER_PROBE_AGE_SECONDS);
    } catch (WarehouseException e) {
      LOG.warn("Could not drop leftover probe views in {}; they are harmless and a later start tries again",
          database, e);
    }
  }

  private void dropProbesOlderThan(int seconds) {
    String tsv = writer.query("SELECT name FROM system.tables WHERE database = " + Sql.literal(database)
        + " AND position(name, " + Sql.literal(ViewDefinitions.PROBE_MARKER) + ") > 0"
        + " AND metadata_modification_time < now() - " + seconds + " FORMAT TabSeparated");
    for (String line : tsv.split("\n")) {
      String name = ClickHouseWarehouseWriter.unescapeTsv(line.strip());
      if (ViewDefinitions.isProbe(name)) {
        writer.execute("DROP TABLE IF EXISTS " + Sql.qualified(database, name) + shape.onCluster());
        LOG.info("Dropped view {}.{} left behind by an interrupted start", database, name);
      }
    }
  }
}
