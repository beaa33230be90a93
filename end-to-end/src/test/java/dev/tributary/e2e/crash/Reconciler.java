package dev.tributary.e2e.crash;

import dev.tributary.localstack.component.ClickHouseHttp;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Compares what the load generator got acknowledged with what ClickHouse holds: the analyst view
 * {@code events_v} (one row per event after FINAL) and the raw {@code events} table. The test's
 * server never merges parts ({@link PipelineProcesses#writeNoMergesConfig}), so the raw table holds
 * every row ever inserted: a second row of an event id means the exactly-once mechanism failed,
 * even though the view, or a merge on a normal server, would hide it.
 *
 * <p>Not thread-safe; use from one thread.
 */
public final class Reconciler {

  private final ClickHouseHttp clickhouse;
  private final String database;

  public Reconciler(ClickHouseHttp clickhouse, String database) {
    this.clickhouse = clickhouse;
    this.database = database;
  }

  /** What ClickHouse holds, read once. */
  public record Snapshot(Map<String, Integer> viewRows, Map<String, Integer> rawDuplicates, long rawRows,
      long insertedRows, long maxMergeLevel) {

    /** The outcome for one set of acknowledged ids. */
    public Outcome outcome(Collection<String> acked) {
      long landed = 0;
      long lost = 0;
      long duplicated = 0;
      for (String id : acked) {
        int inView = viewRows.getOrDefault(id, 0);
        landed += inView;
        if (inView == 0) {
          lost++;
        }
        duplicated += Math.max(0, inView - 1) + rawDuplicates.getOrDefault(id, 1) - 1;
      }
      return new Outcome(acked.size(), landed, lost, duplicated);
    }

    /** Ids in the view that were never acknowledged (allowed only for batches never acknowledged). */
    public Set<String> unacknowledged(Set<String> ackedIds) {
      Set<String> extra = new HashSet<>(viewRows.keySet());
      extra.removeAll(ackedIds);
      return extra;
    }
  }

  /** Acked events, rows of them in {@code events_v}, acked ids missing, extra copies in {@code events}. */
  public record Outcome(long acked, long landed, long lost, long duplicated) {
    public Outcome plus(Outcome o) {
      return new Outcome(acked + o.acked, landed + o.landed, lost + o.lost, duplicated + o.duplicated);
    }
  }

  /**
   * The highest merge level of any part of the raw {@code events} table: 0 while no part was ever
   * merged. The test's server runs with merges turned off ({@link PipelineProcesses}); this is the
   * check that they really were, without which a raw count would not be "rows ever inserted".
   */
  public long maxMergeLevel() {
    String level = clickhouse.query("SELECT max(level) FROM system.parts WHERE database = '" + database
        + "' AND table = 'events' AND active").strip();
    return level.isEmpty() ? 0 : Long.parseLong(level);
  }

  /** Count of rows in {@code events_v}. */
  public long viewCount() {
    return Long.parseLong(clickhouse.query("SELECT count() FROM " + database + ".events_v").strip());
  }

  /** Count of rows in the raw {@code events} table. */
  public long rawCount() {
    return Long.parseLong(clickhouse.query("SELECT count() FROM " + database + ".events").strip());
  }

  /**
   * Polls until {@code events_v} holds at least {@code expected} rows and the raw table stopped
   * growing, or {@code timeout} passed (then the snapshot shows what is missing).
   */
  public boolean awaitSettled(long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastRaw = -1;
    int stable = 0;
    while (System.nanoTime() < deadline) {
      try {
        long view = viewCount();
        long raw = rawCount();
        stable = raw == lastRaw ? stable + 1 : 0;
        lastRaw = raw;
        // three equal reads one second apart: batches wait at most sink.batch.max.age.ms (500 ms)
        if (view >= expected && stable >= 3) {
          return true;
        }
      } catch (RuntimeException e) {
        stable = 0; // ClickHouse or the tables not there yet
      }
      Thread.sleep(1_000);
    }
    return false;
  }

  /**
   * Waits until every minute's count (plus its too-late events) in {@code metrics_minute_v} equals the
   * count of its events in {@code events_v}, and its distinct users the exact recomputation: provisional
   * rows follow within {@code metrics.provisional.interval.ms} of the last event. Prints both when they
   * still differ after {@code timeout}.
   */
  public boolean awaitMinuteMetricsEqualRecomputation(Duration timeout) throws InterruptedException {
    String recompute = "SELECT toUnixTimestamp(toStartOfMinute(timestamp)) AS m, event, source, count(),"
        + " uniqExact(sipHash64(ifNull(user_id, anonymous_id))) FROM " + database + ".events_v"
        + " GROUP BY m, event, source ORDER BY m, event, source";
    String metrics = "SELECT toUnixTimestamp(minute) AS m, event, source, count + too_late_events, distinct_users"
        + " FROM " + database + ".metrics_minute_v ORDER BY m, event, source";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (clickhouse.query(recompute).equals(clickhouse.query(metrics))) {
        return true;
      }
      Thread.sleep(500);
    }
    System.out.printf("metrics differ:%n-- recomputed%n%s-- metrics_minute_v%n%s", clickhouse.query(recompute),
        clickhouse.query(metrics));
    return false;
  }

  /**
   * Reads every event id of the view and every id with more than one row in the raw table. With
   * merges off, the raw table keeps every row ever inserted, so its count and its duplicates are
   * exact even across a SIGKILL of ClickHouse mid-INSERT.
   */
  public Snapshot snapshot() {
    Map<String, Integer> view = new HashMap<>();
    parseCounts(clickhouse.query("SELECT event_id, count() FROM " + database + ".events_v GROUP BY event_id"), view);
    Map<String, Integer> dups = new HashMap<>();
    parseCounts(clickhouse.query("SELECT event_id, count() AS c FROM " + database
        + ".events GROUP BY event_id HAVING c > 1"), dups);
    long raw = rawCount();
    return new Snapshot(view, dups, raw, raw, maxMergeLevel());
  }

  private static void parseCounts(String tsv, Map<String, Integer> into) {
    for (String line : tsv.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int tab = line.indexOf('\t');
      into.put(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1).strip()));
    }
  }
}
