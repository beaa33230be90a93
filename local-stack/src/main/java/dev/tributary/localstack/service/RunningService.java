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
 * A service JVM started by {@link ServiceLauncher}: its process, the port its readiness is probed
 * on, and where its log stood at the start, so {@link #logSinceStart()} reads only what this run
 * wrote (a restarted service appends to its log).
 *
 * <p>Thread-safe: the fields are final and {@link ManagedProcess} is thread-safe.
 */
public final class RunningService {

  private static final Duration POLL = Duration.ofMillis(100);

  private final PipelineService service;
  private final ManagedProcess process;
  private final long logMark;
  private final int probePort;

  RunningService(PipelineService service, ManagedProcess process, long logMark, int probePort) {
    this.service = service;
    this.process = process;
    this.logMark = logMark;
    this.probePort = probePort;
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
   * The port its readiness is probed on: ingest's {@code http.port}, the others' {@code admin.port}
   * (which also serves {@code /healthz} and {@code /metrics}).
   */
  public int probePort() {
    return probePort;
  }

  /** The base URL of the endpoints on {@link #probePort()}, e.g. {@code http://127.0.0.1:8082}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + probePort;
  }

  /**
   * Waits until the service serves: {@link PipelineService#readiness()}'s path answers 200.
   *
   * @throws IllegalStateException with the log tail when it exits or {@code timeout} passes first
   */
  public void awaitReady(Duration timeout) {
    String url = baseUrl() + service.readiness().path();
    Readiness.Probe probe = () -> Http.get(url, Duration.ofSeconds(2)).statusCode() == 200;
    Readiness.await(process.name() + " service (" + url + ")", process, timeout, POLL, probe);
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
