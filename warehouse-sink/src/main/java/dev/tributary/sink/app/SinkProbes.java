package dev.tributary.sink.app;

import dev.tributary.common.admin.Check;
import dev.tributary.sink.kafka.LoopStatus;
import java.util.Locale;

/**
 * What the sink's {@code /healthz} and {@code /readyz} answer. Alive while starting or running (a
 * sink retrying an unreachable ClickHouse is alive: restarting it would not help); not once its
 * thread ended. Ready once it is subscribed, the group gave it an assignment, and every partition it
 * owns knows where to resume (the warehouse answered): from then on it loads records. An instance
 * with an empty assignment (more instances than partitions) is a ready standby.
 *
 * <p>Pure functions; thread-safe.
 */
public final class SinkProbes {

  private SinkProbes() {}

  /** Liveness from the application's lifecycle. */
  public static Check health(SinkApplication.State state) {
    return switch (state) {
      case STARTING, RUNNING -> Check.passing("sink " + lower(state));
      case STOPPED, FAILED -> Check.failing("sink " + lower(state) + "; see the log");
    };
  }

  /** Readiness from the lifecycle and the consume loop's assignment. */
  public static Check ready(SinkApplication.State state, LoopStatus loop) {
    if (state != SinkApplication.State.RUNNING) {
      return Check.failing("sink " + lower(state) + (state == SinkApplication.State.STARTING
          ? " (creating topics and tables; retrying while ClickHouse is unreachable)" : ""));
    }
    if (!loop.subscribed()) {
      return Check.failing("not subscribed to its topics yet");
    }
    if (!loop.assignmentReceived()) {
      return Check.failing("waiting for the consumer group to assign partitions");
    }
    if (loop.awaitingResume() > 0) {
      return Check.failing(String.format(Locale.ROOT, "resume position of %d of %d partitions not known yet"
          + " (asking ClickHouse where each stopped)", loop.awaitingResume(), loop.owned()));
    }
    return Check.passing(String.format(Locale.ROOT, "loading %d partitions", loop.owned()));
  }

  private static String lower(SinkApplication.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
