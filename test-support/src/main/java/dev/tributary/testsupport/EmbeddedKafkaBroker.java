package dev.tributary.testsupport;

import dev.tributary.localstack.component.Dirs;
import dev.tributary.localstack.component.KRaftStorage;
import dev.tributary.localstack.component.KafkaBrokerProperties;
import dev.tributary.localstack.component.KafkaProbe;
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
 * {@link KafkaBrokerProperties}. It can be {@link #stop() stopped} and {@link #restart() started
 * again} on the same ports and data, so clients reconnect to the same address and find their data
 * (a broker outage).
 *
 * <p>Note: a fatal broker error (e.g. out of memory) makes Kafka exit the host JVM.
 * Thread-safe: stop, restart and close are synchronized; {@link #close()} is idempotent and may run
 * from a shutdown hook.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaBrokerProperties properties;
  private final Path dir;
  private final boolean deleteDirOnClose;
  /** The running server; null while stopped. */
  private KafkaRaftServer server;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaBrokerProperties properties, Path dir, boolean deleteDirOnClose) {
    this.properties = properties;
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
    Path logDir = dir.resolve("kraft");
    KafkaBrokerProperties props = new KafkaBrokerProperties("localhost", Ports.free(), Ports.free(), logDir, overrides);
    KRaftStorage.formatIfEmpty(logDir);
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(props, dir, deleteDirOnClose);
    try {
      broker.restart();
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
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

  /**
   * Starts the stopped broker again on the same ports and data directory and waits until an Admin
   * client is answered; does nothing while it runs.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("in-JVM Kafka broker on " + bootstrapServers() + " is closed");
    }
    if (server != null) {
      return;
    }
    long began = System.nanoTime();
    server = new KafkaRaftServer(KafkaConfig.fromProps(properties.toProperties(), false), Time.SYSTEM);
    server.startup();
    Readiness.await("in-JVM Kafka broker on " + bootstrapServers(), null, READY_TIMEOUT, Duration.ofMillis(100),
        () -> KafkaProbe.clusterAnswers(properties.host(), properties.port()));
    LOG.info("In-JVM Kafka broker ready on {} in {} ms (data {})", bootstrapServers(),
        (System.nanoTime() - began) / 1_000_000, dir);
  }

  /** Shuts the broker down, keeping its ports and data for {@link #restart()}; does nothing while stopped. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("In-JVM Kafka broker on {} did not shut down cleanly", bootstrapServers(), e);
    } finally {
      server = null;
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    if (deleteDirOnClose) {
      Dirs.deleteRecursively(dir);
    }
  }
}
