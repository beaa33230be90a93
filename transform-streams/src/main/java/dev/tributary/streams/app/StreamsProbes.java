package dev.tributary.streams.app;

import dev.tributary.common.admin.Check;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * What the transform service's {@code /healthz} and {@code /readyz} answer, from the Kafka Streams
 * client's state. Alive unless the client failed or stopped (a stream thread's uncaught exception
 * shuts the whole client down to {@code ERROR}, see {@link StreamsApplication}); ready only in
 * {@code RUNNING}: partitions assigned and state stores restored. {@code REBALANCING} is alive and
 * not ready, so a supervisor waits instead of restarting it.
 *
 * <p>Pure functions; thread-safe.
 */
public final class StreamsProbes {

  private StreamsProbes() {}

  /** Liveness: fails once the client is in (or heading to) {@code ERROR} or has stopped. */
  public static Check health(State state) {
    return switch (state) {
      case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN ->
          Check.failing("Kafka Streams state " + state + "; the service is stopping (see the log)");
      case CREATED, REBALANCING, RUNNING -> Check.passing("Kafka Streams state " + state);
    };
  }

  /** Readiness: only {@code RUNNING} (partitions assigned, state restored) processes records. */
  public static Check ready(State state) {
    return state == State.RUNNING
        ? Check.passing("Kafka Streams state RUNNING")
        : Check.failing("Kafka Streams state " + state + ", not RUNNING (assigning partitions or restoring state)");
  }
}
