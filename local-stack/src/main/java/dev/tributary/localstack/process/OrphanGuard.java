package dev.tributary.localstack.process;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a child process does not outlive this JVM when the JVM dies without running its
 * shutdown hooks (SIGKILL, a crashed test fork): a tiny {@code sh} loop watches both pids and
 * stops the child (SIGTERM, then SIGKILL after 20 s) once this JVM is gone. The loop ends by
 * itself as soon as the child exits. Without it, a killed test JVM would leave ClickHouse and
 * Apicurio running on a shared 2-core machine.
 *
 * <p>Stateless and thread-safe.
 */
final class OrphanGuard {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanGuard.class);
  private static final File SH = new File("/bin/sh");

  private OrphanGuard() {}

  static void watch(long childPid) {
    if (!SH.canExecute()) {
      return;
    }
    long parent = ProcessHandle.current().pid();
    String script = "while kill -0 " + parent + " 2>/dev/null && kill -0 " + childPid + " 2>/dev/null; do sleep 1; done;"
        + " if kill -0 " + childPid + " 2>/dev/null; then kill -TERM " + childPid + "; sleep 20;"
        + " kill -KILL " + childPid + " 2>/dev/null; fi";
    try {
      new ProcessBuilder(List.of(SH.getPath(), "-c", script))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      LOG.debug("No orphan guard for pid {}: {}", childPid, e.toString());
    }
  }
}
