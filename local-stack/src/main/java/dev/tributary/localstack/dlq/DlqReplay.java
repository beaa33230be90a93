package dev.tributary.localstack.dlq;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Sends dead letters back through the pipeline after a fix, each at most once: the dead letters that
 * match the filter, minus those any earlier run replayed, go to the target in batches, each batch
 * atomically with its replay records (see {@link ReplayTarget#send}). A run interrupted at any point
 * — between batches or inside one — and run again replays every dead letter exactly once in total,
 * because a batch is either committed with its records or not at all, and the next run reads the
 * committed records first.
 *
 * <p>The replayed raw records keep their event ids, so the transform stage's deduplication also
 * drops a replayed event that already landed clean (it lets through an id it had only
 * dead-lettered: that is what a replay is for).
 *
 * <p>Not thread-safe; one run at a time per target (a second concurrent run fences the first — see
 * {@link KafkaReplayTarget}).
 */
public final class DlqReplay {

  /** What a run did. */
  public record Summary(int matched, int skippedAlreadyReplayed, int replayed, String replayId) {}

  private final DeadLetterSource source;
  private final ReplayTarget target;
  private final Clock clock;
  private final int batchSize;

  public DlqReplay(DeadLetterSource source, ReplayTarget target, Clock clock, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    this.source = source;
    this.target = target;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  /** The dead letters a run would send now, without sending anything. */
  public List<DeadLetterToReplay> pending(ReplayFilter filter) {
    Set<DeadLetterOrigin> done = target.alreadyReplayed();
    return source.find(filter).stream().filter(d -> !done.contains(d.origin())).toList();
  }

  /** Replays what matches {@code filter} and was never replayed; progress lines go to {@code out}. */
  public Summary run(ReplayFilter filter, PrintStream out) {
    String replayId = UUID.randomUUID().toString();
    List<DeadLetterToReplay> matched = source.find(filter);
    Set<DeadLetterOrigin> done = target.alreadyReplayed();
    List<DeadLetterToReplay> todo = matched.stream().filter(d -> !done.contains(d.origin())).toList();
    int sent = 0;
    for (List<DeadLetterToReplay> batch : batches(todo, batchSize)) {
      target.send(batch, replayId, clock.instant());
      sent += batch.size();
      out.printf(java.util.Locale.ROOT, "replayed %,d of %,d%n", sent, todo.size());
    }
    return new Summary(matched.size(), matched.size() - todo.size(), sent, replayId);
  }

  static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return out;
  }
}
