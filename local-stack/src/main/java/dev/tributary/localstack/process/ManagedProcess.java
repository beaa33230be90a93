package dev.tributary.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process of a real component (Kafka broker JVM, Apicurio, ClickHouse, a service) whose
 * stdout and stderr go to one log file, and which stops gracefully: SIGTERM, wait up to the grace
 * period, then SIGKILL.
 *
 * <p>Every launcher delegates process handling here so that start, log capture, readiness
 * failure messages and stop behave the same for all components. Thread-safe: {@link #stop()} may
 * be called concurrently (e.g. from a shutdown hook) and is idempotent.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Duration stopGrace;

  private ManagedProcess(String name, Process process, Path logFile, Duration stopGrace) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.stopGrace = stopGrace;
  }

  /**
   * Starts {@code command} with output appended to {@code logFile}.
   *
   * @param env variables added to (and overriding) the current environment
   * @param stopGrace how long {@link #stop()} waits after SIGTERM before SIGKILL
   */
  public static ManagedProcess start(
      String name, List<String> command, Path workDir, Path logFile, Map<String, String> env, Duration stopGrace) {
    Objects.requireNonNull(name, "name");
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Files.createDirectories(workDir);
      ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(env);
      Process process = builder.start();
      OrphanGuard.watch(process.pid());
      LOG.debug("Started {} (pid {}), log {}", name, process.pid(), logFile);
      return new ManagedProcess(name, process, logFile, stopGrace);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + " with " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Exit code, or -1 while running. */
  public int exitCodeOrMinusOne() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The last {@code lines} lines of the log file (for error messages); never throws. */
  public String logTail(int lines) {
    return tail(logFile, lines);
  }

  /** SIGTERM, wait up to the grace period, then SIGKILL. Idempotent. */
  public void stop() {
    Stopper.stop(process.toHandle(), name, stopGrace);
  }

  /**
   * SIGKILL at once, without a graceful stop (crash tests: nothing of the process runs after it),
   * then waits up to 10 s until it is gone. Idempotent.
   */
  public void kill() {
    process.destroyForcibly();
    if (!waitFor(process, Duration.ofSeconds(10))) {
      LOG.error("{} (pid {}) is still alive 10 s after SIGKILL", name, process.pid());
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + logFile + ")";
  }

  /** The last lines of a text file, or a note saying why they cannot be shown. */
  public static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no log file " + file + ")";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
