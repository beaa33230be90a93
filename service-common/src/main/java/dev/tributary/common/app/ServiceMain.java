package dev.tributary.common.app;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exit-code policy of every service's {@code Main}, in one place so that a supervisor (the
 * local stack, systemd, Kubernetes) reads the same status from each: {@value #EXIT_CONFIG} when the
 * configuration is invalid (retrying is pointless; a human must fix it), {@value #EXIT_FATAL} when
 * the service failed to start or stopped on a fatal error (restarting may help), and no forced exit
 * when the service ran and stopped normally.
 *
 * <p>A configuration error is a {@link ConfigException} anywhere in the cause chain of what the
 * body threw (a Kafka client wraps the one it raises about a pass-through setting). It is printed
 * as one message to standard error, without a stack trace: the message names every offending key.
 *
 * <p>Only a service's {@code Main} calls {@link #run}; tests call {@link #execute} with an injected
 * exit. Stateless and thread-safe.
 */
public final class ServiceMain {

  /** Exit status after a fatal error: the service did not start, or stopped on an unrecoverable error. */
  public static final int EXIT_FATAL = 1;
  /** Exit status for invalid configuration: nothing was started. */
  public static final int EXIT_CONFIG = 2;

  private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

  /** What a {@code Main} does: resolve the configuration, start the service, perhaps wait for its end. */
  @FunctionalInterface
  public interface Body {
    /**
     * @return the exit status: 0 to return from {@code main} normally (the service's own threads
     *     keep the JVM alive until shutdown), else the status to exit with
     */
    int run() throws Exception;
  }

  private ServiceMain() {}

  /** Runs {@code body} and exits the JVM with its status when that is not 0. For {@code Main} only. */
  public static void run(String service, Body body) {
    execute(service, body, System.err, status -> {
      if (status != 0) {
        System.exit(status);
      }
    });
  }

  /**
   * Runs {@code body} and hands the exit status to {@code exit}: the body's own, {@link #EXIT_CONFIG}
   * after a configuration error (also printed to {@code err}), {@link #EXIT_FATAL} after any other
   * exception (logged with its stack trace).
   *
   * @return the status handed to {@code exit}
   */
  public static int execute(String service, Body body, PrintStream err, IntConsumer exit) {
    Objects.requireNonNull(body, "body");
    int status;
    try {
      status = body.run();
    } catch (Exception e) {
      ConfigException config = configError(e);
      if (config != null) {
        err.println(service + ": invalid configuration, not started (exit " + EXIT_CONFIG + "). "
            + config.getMessage());
        err.flush();
        status = EXIT_CONFIG;
      } else {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        log.error("{} failed (exit {})", service, EXIT_FATAL, e);
        status = EXIT_FATAL;
      }
    }
    exit.accept(status);
    return status;
  }

  private static ConfigException configError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConfigException c) {
        return c;
      }
    }
    return null;
  }
}
