package dev.tributary.localstack.demo;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task at a fixed rate on one daemon thread (so a slow run delays the next rather than piling up),
 * until closed: the clock of the demo's senders. Thread-safe.
 */
final class DaemonTicker implements AutoCloseable {

  private final ScheduledExecutorService executor;

  DaemonTicker(String threadName, Runnable task, long period, TimeUnit unit) {
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    executor.scheduleAtFixedRate(task, 0, period, unit);
  }

  /** Stops the task, waiting up to 10 s for a run in progress. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
