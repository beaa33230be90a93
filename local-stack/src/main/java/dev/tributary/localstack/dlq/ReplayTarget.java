package dev.tributary.localstack.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where a replay sends dead letters: the raw topic, together with one replay record per dead letter,
 * atomically. Implemented over Kafka transactions ({@link KafkaReplayTarget}) and by fakes in tests.
 *
 * <p>Not thread-safe; one replay run uses one target.
 */
public interface ReplayTarget extends AutoCloseable {

  /**
   * The origins of every dead letter replayed so far, by any earlier run, as committed. Called once,
   * before the first {@link #send}; a run interrupted mid-batch left nothing of that batch behind.
   */
  Set<DeadLetterOrigin> alreadyReplayed();

  /**
   * Sends a batch back through the pipeline and records each of its dead letters as replayed, all or
   * nothing: when this throws, none of the batch is replayed or recorded.
   */
  void send(List<DeadLetterToReplay> batch, String replayId, Instant at);

  @Override
  void close();
}
