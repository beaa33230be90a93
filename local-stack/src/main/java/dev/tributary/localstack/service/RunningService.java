package dev.tributary.localstack.service;

import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Readiness;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A service JVM started by {@link ServiceLauncher}: its process and where its log stood at the
 * start, so readiness reads only what this run wrote (a restarted service appends to its log).
 *
 * <p>Thread-safe: the fields are final and {@link ManagedProcess} is thread-safe.
 */
public final class RunningService {

  private static final Duration POLL = Duration.ofMillis(100);

  private final PipelineService service;
  private final ManagedProcess process;
  private final long logMark;
  private final Integer httpPort;

  RunningService(PipelineService service, ManagedProcess process, long logMark, Integer httpPort) {
    this.service = service;
    this.process = process;
    this.logMark = logMark;
    this.httpPort = httpPort;
  }

  public PipelineService service() {
    return service;
  }

  public ManagedProcess process() {
    return process;
  }

  /** What this run has written to the log so far. */
  public String logSinceStart() {
    try {
      return readFrom(process.logFile(), logMark);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not read " + process.logFile(), e);
    }
  }

  /**
   * Waits until the service serves (see {@link PipelineService#readiness()}).
   *
   * @throws IllegalStateException with the log tail when it exits or {@code timeout} passes first
   */
  public void awaitReady(Duration timeout) {
    Readiness.Probe probe = switch (service.readiness()) {
      case HEALTHZ -> () -> Http.get("http://127.0.0.1:" + httpPort + "/healthz", Duration.ofSeconds(2)).statusCode() == 200;
      case LOG_LINE -> () -> readFrom(process.logFile(), logMark).contains(service.readyLine());
    };
    String what = process.name() + " service" + (httpPort == null ? "" : " on port " + httpPort);
    Readiness.await(what, process, timeout, POLL, probe);
  }

  @Override
  public String toString() {
    return process.toString();
  }

  static String readFrom(Path file, long offset) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      if (length <= offset) {
        return "";
      }
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - offset)];
      f.seek(offset);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
