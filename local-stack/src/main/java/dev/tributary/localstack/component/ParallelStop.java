package dev.tributary.localstack.component;

import dev.tributary.localstack.process.ManagedProcess;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Stops the nodes of a local cluster all at once: a node may take its whole stop grace (a Kafka broker's controlled
 * shutdown moves leadership; a ClickHouse server finishes its merges), so one after another would add those up.
 *
 * <p>Stateless; thread-safe.
 */
final class ParallelStop {

  private ParallelStop() {}

  /** Closes every node on its own thread and waits for all; a node that fails to stop is logged as {@code what}. */
  static <T extends AutoCloseable> void closeAll(Collection<T> nodes, Function<T, ManagedProcess> process, Logger log,
      String what) {
    List<Thread> stopping = new ArrayList<>();
    for (T node : nodes) {
      Thread t = new Thread(() -> {
        try {
          node.close();
        } catch (Exception e) {
          log.warn("{} {} did not stop cleanly", what, process.apply(node), e);
        }
      }, "stop-" + process.apply(node).name());
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
