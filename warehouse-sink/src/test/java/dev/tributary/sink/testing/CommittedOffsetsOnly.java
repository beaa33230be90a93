package dev.tributary.sink.testing;

import dev.tributary.sink.kafka.ResumeStrategy;
import java.util.OptionalLong;

/**
 * The negative control of the resume mechanism: resumes from the consumer group's committed
 * offsets alone and never asks the warehouse, so a crash between insert and commit duplicates a
 * batch. Stateless; thread-safe.
 */
public final class CommittedOffsetsOnly implements ResumeStrategy {

  public static final CommittedOffsetsOnly INSTANCE = new CommittedOffsetsOnly();

  private CommittedOffsetsOnly() {}

  @Override
  public boolean asksWarehouse() {
    return false;
  }

  @Override
  public OptionalLong resumeAt(OptionalLong warehouseNext, OptionalLong committed) {
    return committed;
  }

  @Override
  public String toString() {
    return "from committed offsets only";
  }
}
