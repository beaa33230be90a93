package dev.tributary.sink.kafka;

import dev.tributary.sink.batching.Batch;
import java.util.ArrayDeque;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link DeliveryProtocol} knows about one partition it owns: the epoch it was assigned under,
 * whether it is claimed and its resume position known, the sealed batches not yet acknowledged by the warehouse (in offset order; the head is the
 * one being written while {@link #inFlight} is set), and the backoff after failures.
 * Not thread-safe; confined to the protocol's thread (the insert itself runs elsewhere).
 */
final class PartitionState {
  final TopicPartition tp;
  /** The epoch of the assignment: what the partition is claimed and written under. */
  final long epoch;
  final ArrayDeque<Batch> ready = new ArrayDeque<>();
  /** Whether an INSERT of {@code ready.peek()} is in flight: at most one per partition. */
  boolean inFlight;
  boolean resolved;
  int failures;
  long notBeforeMs;

  PartitionState(TopicPartition tp, long epoch) {
    this.tp = tp;
    this.epoch = epoch;
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
