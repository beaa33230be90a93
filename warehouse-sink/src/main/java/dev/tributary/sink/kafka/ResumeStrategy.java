package dev.tributary.sink.kafka;

import java.util.OptionalLong;

/**
 * Where a partition's consumption resumes, and whether the warehouse is asked how far a partition
 * got (on assignment, and before retrying an insert whose outcome is unknown). The sink always
 * runs {@link #FROM_WAREHOUSE}; the interface exists so that a test can start the sink with a
 * weaker strategy and show the duplicates the mechanism prevents (the crash test's negative
 * control lives in test code, not behind a configuration key).
 *
 * <p>Implementations must be stateless and thread-safe.
 */
public interface ResumeStrategy {

  /**
   * The warehouse is the source of truth (every row carries its topic/partition/offset and each
   * partition's rows are a prefix), the committed offset a lower bound: resume at the larger.
   */
  ResumeStrategy FROM_WAREHOUSE = new ResumeStrategy() {
    @Override
    public boolean asksWarehouse() {
      return true;
    }

    @Override
    public OptionalLong resumeAt(OptionalLong warehouseNext, OptionalLong committed) {
      long position = Math.max(warehouseNext.orElse(-1), committed.orElse(-1));
      return position >= 0 ? OptionalLong.of(position) : OptionalLong.empty();
    }

    @Override
    public String toString() {
      return "from the warehouse";
    }
  };

  /** Whether to ask the warehouse where a partition ends before resuming it or retrying an insert. */
  boolean asksWarehouse();

  /**
   * The offset to resume at.
   *
   * @param warehouseNext the offset after the warehouse's highest of the partition; empty when it
   *     holds none or was not asked
   * @param committed the consumer group's committed offset, if any
   * @return empty to start where the consumer's reset policy says (the beginning)
   */
  OptionalLong resumeAt(OptionalLong warehouseNext, OptionalLong committed);
}
