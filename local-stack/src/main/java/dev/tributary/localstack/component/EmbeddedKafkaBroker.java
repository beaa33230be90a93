package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Ports;
import dev.tributary.localstack.process.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker inside this JVM, on free ports, for integration tests
 * (starts in ~3-4 s, stops in ~0.5 s). Same settings as the local stack's broker, see
 * {@link KafkaBrokerProperties}.
 *
 * <p>Note: a fatal broker error (e.g. out of memory) makes Kafka exit the host JVM.
 * Thread-safe: {@link #close()} is idempotent and may run from a shutdown hook.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final KafkaBrokerProperties properties;
  private final KafkaRaftServer server;
  private final Path dir;
  private final boolean deleteDirOnClose;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaBrokerProperties properties, KafkaRaftServer server, Path dir, boolean deleteDirOnClose) {
    this.properties = properties;
    this.server = server;
    this.dir = dir;
    this.deleteDirOnClose = deleteDirOnClose;
  }

  /** Starts a broker with data in a fresh temporary directory that {@link #close()} deletes. */
  public static EmbeddedKafkaBroker start() {
    try {
      return start(Files.createTempDirectory("tributary-kafka-"), true, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker with data under {@code dir} and waits until an Admin client is answered.
   *
   * @param deleteDirOnClose whether {@link #close()} deletes {@code dir}
   * @param overrides broker settings applied over the defaults
   */
  public static EmbeddedKafkaBroker start(Path dir, boolean deleteDirOnClose, Map<String, String> overrides) {
    long began = System.nanoTime();
    Path logDir = dir.resolve("kraft");
    KafkaBrokerProperties props = new KafkaBrokerProperties("localhost", Ports.free(), Ports.free(), logDir, overrides);
    KRaftStorage.formatIfEmpty(logDir);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props.toProperties(), false), Time.SYSTEM);
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(props, server, dir, deleteDirOnClose);
    try {
      server.startup();
      Readiness.await("in-JVM Kafka broker on " + props.bootstrapServers(), null, Duration.ofSeconds(60),
          Duration.ofMillis(100), () -> KafkaProbe.clusterAnswers(props.host(), props.port()));
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    LOG.info("In-JVM Kafka broker ready on {} in {} ms (data {})", props.bootstrapServers(),
        (System.nanoTime() - began) / 1_000_000, dir);
    return broker;
  }

  public String bootstrapServers() {
    return properties.bootstrapServers();
  }

  public int port() {
    return properties.port();
  }

  public Path dataDir() {
    return dir;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("In-JVM Kafka broker on {} did not shut down cleanly", bootstrapServers(), e);
    }
    if (deleteDirOnClose) {
      Dirs.deleteRecursively(dir);
    }
  }
}
