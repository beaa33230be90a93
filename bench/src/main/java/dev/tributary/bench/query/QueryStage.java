package dev.tributary.bench.query;

import dev.tributary.bench.report.TextTable;
import dev.tributary.common.catalogue.CountRollup;
import dev.tributary.common.catalogue.IdentityDayRollup;
import dev.tributary.common.catalogue.SessionIdentityTables;
import dev.tributary.common.catalogue.UserRollup;
import dev.tributary.localstack.component.ClickHouseHttp;
import dev.tributary.localstack.component.ClickHouseProcess;
import dev.tributary.localstack.component.Dirs;
import dev.tributary.localstack.process.Ports;
import dev.tributary.sink.clickhouse.PersonSnapshotRefresher;
import dev.tributary.warehouse.metrics.RecomputedMinutes;
import dev.tributary.warehouse.schema.TableDdl;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The query stage ({@code bin/bench --query}): loads a synthetic week of events ({@link SyntheticWeek};
 * {@code --events 100000000} for the figure), its person mapping and its minute rows (final, plus an
 * earlier provisional version of each) into a ClickHouse of its own, then times every
 * {@link DashboardQuery} (best and median of three runs, result discarded server-side) against the
 * ≤ 1 s target. Started on its own (no Kafka, no services): analysts' latency depends on the
 * warehouse alone. Not thread-safe; one run at a time.
 */
public final class QueryStage {

  /** The database the stage loads. */
  public static final String DATABASE = "bench";
  static final int PARTS = 5;
  static final int RUNS = 3;
  static final double TARGET_SECONDS = 1.0;

  /** One timed query. */
  public record Timing(DashboardQuery query, double bestSeconds, double medianSeconds, long resultRows) {
    boolean met() {
      return medianSeconds <= TARGET_SECONDS;
    }
  }

  /**
   * What the stage measured. {@code withoutSnapshot} is daily active persons before the person snapshot's first
   * refresh (the whole mapping joined at query time); the {@code timings} run after a refresh
   * ({@code snapshotSeconds}) and {@code remapped} ids moved past it.
   */
  public record Result(long events, long rowsInEvents, long minuteRows, long rollupRows, long identityDays,
      long personRows, double loadSeconds, Timing withoutSnapshot, double snapshotSeconds, long remapped,
      List<Timing> timings) {}

  private QueryStage() {}

  /** Runs the stage with ClickHouse state under {@code stateDir} (wiped first). */
  public static Result run(Path stateDir, long events, PrintStream out) {
    Dirs.emptyDirectory(stateDir);
    out.println("bench: [query] starting ClickHouse ...");
    try (ClickHouseProcess server = ClickHouseProcess.start(stateDir.resolve("clickhouse"),
        stateDir.resolve("clickhouse.log"), Ports.free(), Ports.free())) {
      ClickHouseHttp http = new ClickHouseHttp(server.httpUrl(), "default", "", Duration.ofMinutes(30));
      return measure(http, DATABASE, events, out);
    }
  }

  /** Loads {@code database} on a running server and times the queries (also used by the smoke test). */
  public static Result measure(ClickHouseHttp http, String database, long events, PrintStream out) {
    for (String ddl : TableDdl.statements(database)) {
      http.execute(ddl);
    }
    SyntheticWeek week = new SyntheticWeek(events);
    long start = System.nanoTime();
    long part = (events + PARTS - 1) / PARTS;
    for (long from = 0; from < events; from += part) {
      long count = Math.min(part, events - from);
      http.execute(week.insertEvents(database, from, count));
      out.printf(Locale.ROOT, "bench: [query] loaded %,d of %,d events (%.0f s)%n", from + count, events,
          (System.nanoTime() - start) / 1e9);
    }
    http.execute(week.insertPersons(database));
    // the minute rows feed the rollups through their materialized views, as the sink's inserts do; every key also
    // gets an earlier provisional version, as under live traffic, so readers pay for unmerged versions
    http.execute(RecomputedMinutes.insert(database));
    http.execute(RecomputedMinutes.insertEarlierVersions(database));
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    long rows = number(http, database, "SELECT count() FROM events");
    long minuteRows = number(http, database, "SELECT count() FROM metrics_minute");
    long rollupRows = number(http, database, "SELECT count() FROM " + UserRollup.TABLE)
        + number(http, database, "SELECT count() FROM " + CountRollup.TABLE);
    long identityDays = number(http, database, "SELECT count() FROM " + IdentityDayRollup.TABLE);
    long personRows = number(http, database, "SELECT count() FROM " + SessionIdentityTables.PERSONS.name());
    out.printf(Locale.ROOT, "bench: [query] %,d rows in events (%d active parts), %,d minute rows, %,d hourly user"
        + " and count states, %,d daily identities, %,d person rows; loaded in %.0f s%n", rows, number(http, database,
        "SELECT count() FROM system.parts WHERE database = '" + database + "' AND table = 'events' AND active"),
        minuteRows, rollupRows, identityDays, personRows, loadSeconds);
    DashboardQuery persons = DashboardQuery.all().stream().filter(q -> q.name().contains("daily_active_persons"))
        .findFirst().orElseThrow();
    Timing withoutSnapshot = time(http, database, new DashboardQuery(persons.name() + ", before the first person"
        + " snapshot", persons.sql(), false));
    out.printf(Locale.ROOT, "bench: [query] %s: %.3f s%n", withoutSnapshot.query().name(), withoutSnapshot.medianSeconds());
    long t = System.nanoTime();
    new PersonSnapshotRefresher(sql -> http.query(database, sql), http::execute, database).refresh();
    double snapshotSeconds = (System.nanoTime() - t) / 1e9;
    http.execute(week.insertRemaps(database));
    out.printf(Locale.ROOT, "bench: [query] person snapshot refreshed in %.3f s; then %,d ids remapped past it%n",
        snapshotSeconds, week.remaps());
    List<Timing> timings = new ArrayList<>();
    for (DashboardQuery q : DashboardQuery.all()) {
      timings.add(time(http, database, q));
      out.printf(Locale.ROOT, "bench: [query] %s: %.3f s%n", q.name(), timings.get(timings.size() - 1).medianSeconds());
    }
    return new Result(events, rows, minuteRows, rollupRows, identityDays, personRows, loadSeconds, withoutSnapshot,
        snapshotSeconds, week.remaps(), timings);
  }

  /** The stage's report: one line per query with its verdict against the target. */
  public static String render(Result r) {
    TextTable t = new TextTable("query", "best", "median", "rows", "target <= 1 s");
    List<Timing> all = new ArrayList<>(r.timings());
    all.add(r.withoutSnapshot());
    for (Timing timing : all) {
      t.row(timing.query().name(), seconds(timing.bestSeconds()), seconds(timing.medianSeconds()),
          String.format(Locale.ROOT, "%,d", timing.resultRows()),
          timing.query().dashboard() ? (timing.met() ? "MET" : "MISSED") : "reference");
    }
    return String.format(Locale.ROOT, "Query stage: %,d events in a synthetic week (%,d rows incl. 1%% repeated,"
        + " %,d minute rows incl. a provisional version of each, %,d hourly user and count states, %,d daily identities,"
        + " %,d person rows), loaded in %.0f s; person snapshot refreshed in %.3f s, then %,d ids remapped past it (joined"
        + " at query time); each query run %d times%n", r.events(), r.rowsInEvents(), r.minuteRows(),
        r.rollupRows(), r.identityDays(), r.personRows(), r.loadSeconds(), r.snapshotSeconds(), r.remapped(), RUNS)
        + t.render();
  }

  private static Timing time(ClickHouseHttp http, String database, DashboardQuery q) {
    double[] seconds = new double[RUNS];
    long rows = number(http, database, "SELECT count() FROM (" + q.sql() + ")");
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      http.query(database, q.sql() + " FORMAT Null");
      seconds[i] = (System.nanoTime() - t) / 1e9;
    }
    Arrays.sort(seconds);
    return new Timing(q, seconds[0], seconds[RUNS / 2], rows);
  }

  private static long number(ClickHouseHttp http, String database, String sql) {
    return Long.parseLong(http.query(database, sql + " FORMAT TabSeparated").strip());
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f s", s);
  }
}
