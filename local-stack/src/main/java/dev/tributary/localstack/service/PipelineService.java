package dev.tributary.localstack.service;

import java.util.Arrays;
import java.util.Optional;

/**
 * The three Tributary services as launchers see them: the process name (also its log file's
 * name), the Maven module that builds it, its main class, and the signal that says it serves.
 * Declared once so the local stack, the bench and the crash test start them alike.
 *
 * <p>Immutable; thread-safe.
 */
public enum PipelineService {

  /** HTTP collector; serves once {@code GET /healthz} answers 200. */
  INGEST("ingest", "ingest-service", "dev.tributary.ingest.app.Main", Readiness.HEALTHZ, ""),
  /** Kafka Streams transform; serves once its state listener logs the transition to RUNNING. */
  STREAMS("streams", "transform-streams", "dev.tributary.streams.app.Main", Readiness.LOG_LINE, "→ RUNNING"),
  /** ClickHouse loader; serves once it logs the resume position of an assigned partition. */
  SINK("sink", "warehouse-sink", "dev.tributary.sink.app.Main", Readiness.LOG_LINE, "Resuming ");

  /** How a launcher tells that a started service serves. */
  public enum Readiness {
    /** {@code GET http://127.0.0.1:<http.port>/healthz} answers 200. */
    HEALTHZ,
    /** The log written since the start contains {@link #readyLine()}. */
    LOG_LINE
  }

  private final String processName;
  private final String module;
  private final String mainClass;
  private final Readiness readiness;
  private final String readyLine;

  PipelineService(String processName, String module, String mainClass, Readiness readiness, String readyLine) {
    this.processName = processName;
    this.module = module;
    this.mainClass = mainClass;
    this.readiness = readiness;
    this.readyLine = readyLine;
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

  /** The log text that means "ready" when {@link #readiness()} is {@link Readiness#LOG_LINE}; else empty. */
  public String readyLine() {
    return readyLine;
  }

  /** The service with this default process name. */
  public static Optional<PipelineService> byProcessName(String name) {
    return Arrays.stream(values()).filter(s -> s.processName.equals(name)).findFirst();
  }
}
