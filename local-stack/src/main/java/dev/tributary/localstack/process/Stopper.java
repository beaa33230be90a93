package dev.tributary.localstack.process;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one graceful-stop policy: SIGTERM, wait up to a grace period, then SIGKILL. Used both for
 * processes this JVM started and for processes found through a pid file ({@code tributary down}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Stopper {

  private static final Logger LOG = LoggerFactory.getLogger(Stopper.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private Stopper() {}

  /** Stops the process with this pid if it is alive; returns false when there was none. */
  public static boolean stopPid(long pid, String name, Duration grace) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    stop(handle.get(), name, grace);
    return true;
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL and wait briefly. Idempotent. */
  public static void stop(ProcessHandle handle, String name, Duration grace) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    if (awaitExit(handle, grace)) {
      LOG.debug("{} (pid {}) stopped", name, handle.pid());
      return;
    }
    LOG.warn("{} (pid {}) did not stop within {} s of SIGTERM; sending SIGKILL", name, handle.pid(), grace.toSeconds());
    handle.destroyForcibly();
    if (!awaitExit(handle, KILL_WAIT)) {
      LOG.error("{} (pid {}) is still alive after SIGKILL", name, handle.pid());
    }
  }

  private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    } catch (ExecutionException e) {
      return !handle.isAlive();
    }
  }
}
