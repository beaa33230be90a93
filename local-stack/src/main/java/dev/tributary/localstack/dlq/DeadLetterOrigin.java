package dev.tributary.localstack.dlq;

import java.util.Objects;

/**
 * Where a dead letter came from: the topic, partition and offset of the record the transform stage
 * rejected. It names a dead letter uniquely (the sink loads each dead letter exactly once), so it is
 * what a replay is recorded under.
 *
 * <p>Immutable; thread-safe.
 */
public record DeadLetterOrigin(String topic, int partition, long offset) {

  public DeadLetterOrigin {
    Objects.requireNonNull(topic, "topic");
  }

  /** The key of the replay record: {@code <topic>-<partition>@<offset>}. */
  public String key() {
    return topic + "-" + partition + "@" + offset;
  }

  @Override
  public String toString() {
    return key();
  }
}
