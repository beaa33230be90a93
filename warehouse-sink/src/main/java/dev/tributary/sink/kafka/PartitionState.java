package dev.tributary.sink.kafka;

import dev.tributary.sink.batching.Batch;
import java.util.ArrayDeque;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link SinkLoop} knows about one partition it owns: whether its resume position is known,
 * the sealed batches waiting to be written (in offset order), and the backoff after failures.
 * Not thread-safe; confined to the loop's thread.
 */
final class PartitionState {
  final TopicPartition tp;
  final ArrayDeque<Batch> ready = new ArrayDeque<>();
  boolean resolved;
  int failures;
  long notBeforeMs;

  PartitionState(TopicPartition tp) {
    this.tp = tp;
  }

  boolean due(long now) {
    return now >= notBeforeMs;
  }

  /** Records a failure and returns the wait before the next attempt. */
  long fail(long now, RetryBackoff backoff) {
    failures++;
    long delay = backoff.delayMs(failures);
    notBeforeMs = now + delay;
    return delay;
  }

  void succeed() {
    failures = 0;
    notBeforeMs = 0;
  }

  int readyRows() {
    return ready.stream().mapToInt(Batch::size).sum();
  }
}
