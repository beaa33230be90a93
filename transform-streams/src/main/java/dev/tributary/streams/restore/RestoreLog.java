package dev.tributary.streams.restore;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' restore callbacks into a {@link RestoreTally}, logged: one line when a store
 * partition starts replaying its changelog (how many records), progress at the tally's interval, one
 * when it ends (records, seconds, records/s), and {@link #logSummary()} when the client is
 * {@code RUNNING}. Without it a restart that replays the dedupe store's changelog for minutes looks
 * like a hang: {@code /readyz} fails and nothing is logged.
 *
 * <p>Thread-safe (the tally is).
 */
public final class RestoreLog implements StateRestoreListener {

  private static final Logger log = LoggerFactory.getLogger(RestoreLog.class);

  private final RestoreTally tally;

  public RestoreLog(RestoreTally tally) {
    this.tally = tally;
  }

  @Override
  public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
    long toRestore = endingOffset - startingOffset;
    tally.started(store, changelog.partition(), toRestore, System.nanoTime());
    log.info("Restoring {} partition {} from {}: up to {} records (offsets {}..{})", store, changelog.partition(),
        changelog.topic(), toRestore, startingOffset, endingOffset);
  }

  @Override
  public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
    tally.restored(store, changelog.partition(), numRestored, System.nanoTime()).ifPresent(p ->
        log.info("Restoring {} partition {}: {} of up to {} records in {} s ({} records/s)", store, p.partition(),
            p.restored(), p.total(), seconds(p.spent().toNanos()), Math.round(p.recordsPerSecond())));
  }

  @Override
  public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
    RestoreTally.Progress p = tally.ended(store, changelog.partition(), System.nanoTime());
    log.info("Restored {} partition {}: {} records in {} s ({} records/s)", store, p.partition(), p.restored(),
        seconds(p.spent().toNanos()), Math.round(p.recordsPerSecond()));
  }

  @Override
  public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
    RestoreTally.Progress p = tally.ended(store, changelog.partition(), System.nanoTime());
    log.info("Restore of {} partition {} suspended (partition moved) after {} records", store, p.partition(),
        p.restored());
  }

  /** Logs what was restored since the last call; call it when the client reaches {@code RUNNING}. */
  public void logSummary() {
    RestoreTally.Summary s = tally.drain();
    if (s.records() == 0) {
      log.info("Nothing restored from the changelogs: the local state of {} store partitions was current ({} s to"
          + " check)", s.storePartitions(), seconds(s.spent().toNanos()));
      return;
    }
    log.info("Restored {} records of {} store partitions in {} s ({} records/s): {}", s.records(), s.storePartitions(),
        seconds(s.spent().toNanos()), Math.round(s.recordsPerSecond()), s.recordsByStore().entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
