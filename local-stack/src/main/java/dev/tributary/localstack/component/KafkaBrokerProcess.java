package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Java;
import dev.tributary.localstack.process.ManagedProcess;
import dev.tributary.localstack.process.Readiness;
import dev.tributary.localstack.service.JvmOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft Kafka broker in its own JVM ({@code kafka.Kafka server.properties}), for the local
 * stack, alone or as a node of a {@link KafkaCluster}: it can be killed and restarted independently of the
 * CLI, and keeps its data across restarts (the directory is formatted only when empty).
 *
 * <p>Thread-safe: {@link #close()} is idempotent.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  /** Generous: a node restarted on a loaded 2-core machine was seen taking over 90 s to rejoin its cluster. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

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
    if (KRaftStorage.formatIfEmpty(props.logDir(), KRaftStorage.PROVEN_FEATURE_LEVELS)) {
      LOG.info("Formatted new KRaft storage in {} ({})", props.logDir(), KRaftStorage.PROVEN_FEATURE_LEVELS);
    }
    JvmOptions jvm = new JvmOptions(List.of("-Xms128m", "-Xmx" + maxHeap, "-XX:+UseG1GC", "-Djava.awt.headless=true"));
    KafkaBrokerProcess broker = launch("kafka", props, dir, logFile, classPath, jvm);
    broker.awaitReady(1);
    return broker;
  }

  /**
   * Writes {@code server.properties} into {@code dir} and starts the broker JVM of {@code properties}, whose
   * log directory must be formatted ({@link KRaftStorage}); does not wait for it: a node of a cluster cannot
   * serve before a majority of the controller quorum runs.
   *
   * @param name the process name, e.g. {@code kafka-2}
   * @param jvm the broker JVM's flags (heap, GC)
   */
  public static KafkaBrokerProcess launch(String name, KafkaBrokerProperties properties, Path dir, Path logFile,
      String classPath, JvmOptions jvm) {
    Path serverProperties = dir.resolve("server.properties");
    Path logback = dir.resolve("logback-broker.xml");
    write(serverProperties, properties.toProperties());
    Dirs.write(logback, brokerLogback());
    List<String> command = new ArrayList<>();
    command.add(Java.current());
    command.addAll(jvm.flags());
    command.addAll(List.of("-Dlogback.configurationFile=" + logback.toAbsolutePath(), "-cp", classPath, "kafka.Kafka",
        serverProperties.toAbsolutePath().toString()));
    return new KafkaBrokerProcess(properties, ManagedProcess.start(name, command, dir, logFile, Map.of(), STOP_GRACE));
  }

  /**
   * Waits until the broker answers an Admin client with a cluster of at least {@code brokers} nodes, itself
   * among them; stops it and throws if it does not within 180 s or its process ends.
   */
  public void awaitReady(int brokers) {
    try {
      Readiness.await("Kafka broker " + properties.nodeId() + " on " + properties.bootstrapServers(), process,
          READY_TIMEOUT, Duration.ofMillis(250),
          () -> KafkaProbe.clusterAnswers(properties.host(), properties.port(), properties.nodeId(), brokers));
    } catch (RuntimeException e) {
      process.stop();
      throw e;
    }
  }

  public KafkaBrokerProperties properties() {
    return properties;
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
