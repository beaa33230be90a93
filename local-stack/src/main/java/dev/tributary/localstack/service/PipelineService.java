package dev.tributary.localstack.service;

import dev.tributary.common.config.WiringKeys;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Tributary services as launchers see them: the process name (also its log file's
 * name), the Maven module that builds it, its main class, and the HTTP probe that says it serves.
 * Declared once so the local stack, the bench and the crash test start them alike.
 *
 * <p>Immutable; thread-safe.
 */
public enum PipelineService {

  /** HTTP collector; serves once {@code GET /healthz} on its {@code http.port} answers 200. */
  INGEST("ingest", "ingest-service", "dev.tributary.ingest.app.Main", Readiness.HEALTHZ, WiringKeys.HTTP_PORT),
  /** Kafka Streams transform; serves once {@code GET /readyz} on its {@code admin.port} answers 200 (state RUNNING). */
  STREAMS("streams", "transform-streams", "dev.tributary.streams.app.Main", Readiness.READYZ, WiringKeys.ADMIN_PORT),
  /** ClickHouse loader; serves once {@code /readyz} answers 200 (assigned partitions know where to resume). */
  SINK("sink", "warehouse-sink", "dev.tributary.sink.app.Main", Readiness.READYZ, WiringKeys.ADMIN_PORT),
  /** Analyst console (read-only over the warehouse views); serves once {@code GET /healthz} on its {@code http.port} answers 200. */
  CONSOLE("console", "console", "dev.tributary.console.app.Main", Readiness.HEALTHZ, WiringKeys.HTTP_PORT);

  /** How a launcher tells that a started service serves. */
  public enum Readiness {
    /** {@code GET http://127.0.0.1:<http.port>/healthz} answers 200. */
    HEALTHZ("/healthz"),
    /** {@code GET http://127.0.0.1:<admin.port>/readyz} answers 200. */
    READYZ("/readyz");

    private final String path;

    Readiness(String path) {
      this.path = path;
    }

    /** The HTTP path probed. */
    public String path() {
      return path;
    }
  }

  private final String processName;
  private final String module;
  private final String mainClass;
  private final Readiness readiness;
  private final String portKey;

  PipelineService(String processName, String module, String mainClass, Readiness readiness, String portKey) {
    this.processName = processName;
    this.module = module;
    this.mainClass = mainClass;
    this.readiness = readiness;
    this.portKey = portKey;
  }

  /** The default process name, e.g. {@code ingest}; also the local stack's log file name. */
  public String processName() {
    return processName;
  }

  /** The Maven module directory, e.g. {@code ingest-service}. */
  public String module() {
    return module;
  }

  public String mainClass() {
    return mainClass;
  }

  public Readiness readiness() {
    return readiness;
  }

  /** The configuration key of the port {@link #readiness()} is probed on: {@code http.port} or {@code admin.port}. */
  public String portKey() {
    return portKey;
  }

  /** The service with this default process name. */
  public static Optional<PipelineService> byProcessName(String name) {
    return Arrays.stream(values()).filter(s -> s.processName.equals(name)).findFirst();
  }
}
