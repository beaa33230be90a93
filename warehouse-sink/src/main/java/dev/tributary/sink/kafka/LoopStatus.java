package dev.tributary.sink.kafka;

/**
 * What the {@link SinkLoop} reports about its assignment, for the readiness probe: whether it is
 * subscribed, whether the group has given it an assignment yet (possibly empty: an instance beyond
 * the partition count idles as a standby), how many partitions it owns and how many of those still
 * wait for their resume position (looked up in the warehouse before anything is read).
 *
 * <p>Immutable value; thread-safe (the loop publishes a new one after each step).
 */
public record LoopStatus(boolean subscribed, boolean assignmentReceived, int owned, int awaitingResume) {

  /** Before the loop exists or after it ended. */
  public static final LoopStatus NOT_SUBSCRIBED = new LoopStatus(false, false, 0, 0);
}
