package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Readiness;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker in its own JVM ({@code kafka.Kafka server.properties}),
 * for the local stack: it can be killed and restarted independently of the CLI, and keeps its data
 * across restarts (the directory is formatted only when empty).
 *
 * <p>Thread-safe: {@link #close()} is idempotent.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final KafkaBrokerProperties properties;
  private final ManagedProcess process;

  private KafkaBrokerProcess(KafkaBrokerProperties properties, ManagedProcess process) {
    this.properties = properties;
    this.process = process;
  }

  /**
   * Writes {@code server.properties} into {@code dir}, formats {@code dir/kraft} if empty, starts
   * the broker JVM with the current class path and waits until an Admin client is answered.
   */
  public static KafkaBrokerProcess start(Path dir, Path logFile, int port, int controllerPort) {
    return start(dir, logFile, port, controllerPort, Java.currentClassPath(), "1g");
  }

  /**
   * @param classPath a class path holding {@code org.apache.kafka:kafka_2.13} and an SLF4J binding
   * @param maxHeap the broker's {@code -Xmx}, e.g. {@code 1g}
   */
  public static KafkaBrokerProcess start(Path dir, Path logFile, int port, int controllerPort, String classPath, String maxHeap) {
    KafkaBrokerProperties props = KafkaBrokerProperties.of(port, controllerPort, dir.resolve("kraft"));
    Path serverProperties = dir.resolve("server.properties");
    Path logback = dir.resolve("logback-broker.xml");
    write(serverProperties, props.toProperties());
    Dirs.write(logback, brokerLogback());
    if (KRaftStorage.formatIfEmpty(props.logDir())) {
      LOG.info("Formatted new KRaft storage in {}", props.logDir());
    }
    List<String> command = List.of(Java.current(), "-Xms128m", "-Xmx" + maxHeap, "-XX:+UseG1GC",
        "-Djava.awt.headless=true", "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
        "-cp", classPath, "kafka.Kafka", serverProperties.toAbsolutePath().toString());
    ManagedProcess process = ManagedProcess.start("kafka", command, dir, logFile, Map.of(), STOP_GRACE);
    try {
      Readiness.await("Kafka broker on " + props.bootstrapServers(), process, Duration.ofSeconds(90),
          Duration.ofMillis(250), () -> KafkaProbe.clusterAnswers(props.host(), port));
    } catch (RuntimeException e) {
      process.stop();
      throw e;
    }
    return new KafkaBrokerProcess(props, process);
  }

  public String bootstrapServers() {
    return properties.bootstrapServers();
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.stop();
  }

  private static String brokerLogback() {
    return """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <logger name="kafka" level="INFO"/>
          <logger name="org.apache.kafka" level="INFO"/>
          <logger name="kafka.request.logger" level="WARN"/>
          <logger name="kafka.log.LogCleaner" level="WARN"/>
          <logger name="state.change.logger" level="WARN"/>
          <logger name="org.apache.kafka.clients" level="WARN"/>
          <root level="WARN"><appender-ref ref="OUT"/></root>
        </configuration>
        """;
  }

  private static void write(Path file, Properties properties) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        properties.store(out, "written by tributary local-stack; regenerated on every start");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

}
