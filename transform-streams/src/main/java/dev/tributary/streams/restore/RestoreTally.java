package dev.tributary.streams.restore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Counts what Kafka Streams restores from the changelogs, per store partition: how many records each
 * must replay, how many it has, and, since the client was last {@code RUNNING}, how many records of
 * how many store partitions took how long. A restart's time to {@code RUNNING} is mostly this
 * replay, so the service logs it (progress at most every {@code progressEvery} per store partition,
 * the summary when it is {@code RUNNING} again) and exports what is left as a gauge.
 *
 * <p>Pure (the caller passes the time); thread-safe: the state updater thread reports, the state
 * listener and the metrics scrape read.
 */
public final class RestoreTally {

  /** One store partition's restore so far; {@code total} is what it had to replay when it started. */
  public record Progress(String store, int partition, long restored, long total, Duration spent) {

    /** Records per second so far; 0 before any time passed. */
    public double recordsPerSecond() {
      return spent.isZero() ? 0 : restored * 1e9 / spent.toNanos();
    }
  }

  /**
   * The restores since the client was last {@code RUNNING}: {@code spent} from the first start to the
   * last end (they run one after another on the state updater thread).
   */
  public record Summary(long records, int storePartitions, Duration spent, Map<String, Long> recordsByStore) {

    public Summary {
      recordsByStore = Map.copyOf(recordsByStore);
    }

    /** Records per second over {@code spent}; 0 when nothing was restored. */
    public double recordsPerSecond() {
      return spent.isZero() ? 0 : records * 1e9 / spent.toNanos();
    }
  }

  private static final class Active {
    final long total;
    final long startNanos;
    long restored;
    long loggedNanos;

    Active(long total, long startNanos) {
      this.total = total;
      this.startNanos = startNanos;
      this.loggedNanos = startNanos;
    }
  }

  private final Duration progressEvery;
  private final Map<String, Active> active = new HashMap<>();
  private final Map<String, Long> recordsByStore = new TreeMap<>();
  private long records;
  private int storePartitions;
  private long firstStartNanos;
  private long lastEndNanos;
  private boolean any;
  private long lifetimeRecords;

  /** @param progressEvery how long between two progress reports of one store partition */
  public RestoreTally(Duration progressEvery) {
    if (progressEvery.isNegative()) {
      throw new IllegalArgumentException("progressEvery must not be negative: " + progressEvery);
    }
    this.progressEvery = progressEvery;
  }

  /** A store partition starts replaying {@code toRestore} records. */
  public synchronized void started(String store, int partition, long toRestore, long nowNanos) {
    active.put(key(store, partition), new Active(Math.max(0, toRestore), nowNanos));
    if (!any) {
      any = true;
      firstStartNanos = nowNanos;
    }
  }

  /**
   * A batch of {@code count} records was restored; returns the progress when it is time to report
   * it (the first batch after {@code progressEvery} since the last report).
   */
  public synchronized Optional<Progress> restored(String store, int partition, long count, long nowNanos) {
    Active a = active.get(key(store, partition));
    lifetimeRecords += count;
    if (a == null) {
      return Optional.empty(); // started before this tally existed: counted, not tracked
    }
    a.restored += count;
    if (nowNanos - a.loggedNanos < progressEvery.toNanos()) {
      return Optional.empty();
    }
    a.loggedNanos = nowNanos;
    return Optional.of(progress(store, partition, a, nowNanos));
  }

  /** The store partition finished (or was suspended: moved away mid-restore); returns its figures. */
  public synchronized Progress ended(String store, int partition, long nowNanos) {
    Active a = active.remove(key(store, partition));
    if (a == null) {
      return new Progress(store, partition, 0, 0, Duration.ZERO);
    }
    records += a.restored;
    storePartitions++;
    recordsByStore.merge(store, a.restored, Long::sum);
    lastEndNanos = Math.max(lastEndNanos, nowNanos);
    return progress(store, partition, a, nowNanos);
  }

  /** Records still to replay by the store partitions restoring now (0 when none is). */
  public synchronized long remaining() {
    return active.values().stream().mapToLong(a -> Math.max(0, a.total - a.restored)).sum();
  }

  /** Records restored since this tally was made (a counter: never reset). */
  public synchronized long restoredTotal() {
    return lifetimeRecords;
  }

  /** The restores finished since the last call (or since the tally was made), and starts anew. */
  public synchronized Summary drain() {
    Summary s = new Summary(records, storePartitions,
        any && storePartitions > 0 ? Duration.ofNanos(Math.max(0, lastEndNanos - firstStartNanos)) : Duration.ZERO,
        recordsByStore);
    records = 0;
    storePartitions = 0;
    recordsByStore.clear();
    any = !active.isEmpty();
    firstStartNanos = active.values().stream().mapToLong(a -> a.startNanos).min().orElse(0);
    lastEndNanos = 0;
    return s;
  }

  private static Progress progress(String store, int partition, Active a, long nowNanos) {
    return new Progress(store, partition, a.restored, a.total, Duration.ofNanos(Math.max(0, nowNanos - a.startNanos)));
  }

  private static String key(String store, int partition) {
    return store + '\u0000' + partition;
  }
}
