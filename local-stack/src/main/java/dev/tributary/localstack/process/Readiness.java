package dev.tributary.localstack.process;

import java.time.Duration;
import java.time.Instant;

/**
 * Waits until a component answers, failing fast (with the log tail and the log file's path) when
 * its process dies or the timeout passes, so a broken start is diagnosable from the message alone.
 *
 * <p>Stateless and thread-safe.
 */
public final class Readiness {

  private static final int TAIL_LINES = 30;

  /** A check that returns true once the component serves requests; exceptions mean "not yet". */
  @FunctionalInterface
  public interface Probe {
    boolean ready() throws Exception;
  }

  private Readiness() {}

  /**
   * Polls {@code probe} every {@code interval} until it returns true.
   *
   * @param process the component's process, or null for an in-JVM component
   * @throws IllegalStateException if the process exits or {@code timeout} passes first
   */
  public static void await(String what, ManagedProcess process, Duration timeout, Duration interval, Probe probe) {
    Instant deadline = Instant.now().plus(timeout);
    Exception last = null;
    while (true) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(what + " exited with code " + process.exitCodeOrMinusOne()
            + " before it was ready; see " + process.logFile() + ". Last lines:" + System.lineSeparator()
            + process.logTail(TAIL_LINES));
      }
      try {
        if (probe.ready()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      } catch (Exception e) {
        last = e;
      }
      if (Instant.now().isAfter(deadline)) {
        String where = process == null ? "" : "; see " + process.logFile() + ". Last lines:"
            + System.lineSeparator() + process.logTail(TAIL_LINES);
        throw new IllegalStateException(what + " was not ready within " + timeout.toSeconds() + " s"
            + (last == null ? "" : " (last probe error: " + last + ")") + where, last);
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
