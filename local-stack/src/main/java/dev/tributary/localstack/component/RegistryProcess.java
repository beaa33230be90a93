package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Http;
import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.process.Readiness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry 3.0.9 as a child process, storing schemas in Kafka ({@code _schemas} topic, so
 * they survive restarts) with global compatibility BACKWARD, serving the Confluent-compatible API
 * at {@link #ccompatUrl()}.
 *
 * <p>Thread-safe: {@link #close()} is idempotent.
 */
public final class RegistryProcess implements AutoCloseable {

  /** Path of the Confluent Schema Registry compatible API. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private final int port;
  private final ManagedProcess process;

  private RegistryProcess(int port, ManagedProcess process) {
    this.port = port;
    this.process = process;
  }

  /**
   * The registry's storage and rule settings (Quarkus configuration keys), the same for this process and
   * for the test fixtures' Apicurio container: schemas in Kafka, global compatibility BACKWARD.
   */
  public static Map<String, String> storageSettings(String bootstrapServers) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("apicurio.storage.kind", "kafkasql");
    settings.put("apicurio.kafkasql.bootstrap.servers", bootstrapServers);
    settings.put("apicurio.kafkasql.topic", "_schemas");
    settings.put("apicurio.kafkasql.snapshots.topic", "_schemas_snapshots");
    settings.put("apicurio.kafkasql.consumer.poll.timeout", "500");
    settings.put("apicurio.rules.global.compatibility", "BACKWARD");
    return Collections.unmodifiableMap(settings);
  }

  /** Starts the registry on {@code port} against {@code bootstrapServers}; stop grace 30 s. */
  public static RegistryProcess start(Path workDir, Path logFile, int port, String bootstrapServers) {
    return start(workDir, logFile, port, bootstrapServers, Duration.ofSeconds(30));
  }

  /**
   * Starts the registry and waits (up to 120 s) until {@code GET /apis/ccompat/v7/subjects}
   * answers 200.
   */
  public static RegistryProcess start(Path workDir, Path logFile, int port, String bootstrapServers, Duration stopGrace) {
    Path runner = ApicurioDistribution.ensure();
    List<String> command = new ArrayList<>(List.of(Java.java17OrCurrent(), "-Xms64m", "-Xmx256m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
        "-Dquarkus.http.host=127.0.0.1",
        "-Dquarkus.http.port=" + port,
        "-Dquarkus.management.host=127.0.0.1",
        "-Dquarkus.management.port=" + Ports.free()));
    storageSettings(bootstrapServers).forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", runner.toAbsolutePath().toString()));
    ManagedProcess process = ManagedProcess.start("registry", command, workDir, logFile, Map.of(), stopGrace);
    String probeUrl = "http://127.0.0.1:" + port + CCOMPAT_PATH + "/subjects";
    try {
      Readiness.await("Apicurio Registry on port " + port, process, Duration.ofSeconds(120), Duration.ofMillis(250),
          () -> Http.get(probeUrl, Duration.ofSeconds(3)).statusCode() == 200);
    } catch (RuntimeException e) {
      process.stop();
      throw e;
    }
    return new RegistryProcess(port, process);
  }

  public int port() {
    return port;
  }

  /** E.g. {@code http://127.0.0.1:8081}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** E.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}: what the schema registry clients use. */
  public String ccompatUrl() {
    return baseUrl() + CCOMPAT_PATH;
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.stop();
  }
}
