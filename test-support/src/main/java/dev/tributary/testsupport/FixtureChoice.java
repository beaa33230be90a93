package dev.tributary.testsupport;

import dev.tributary.testsupport.containers.ContainerImages;
import dev.tributary.testsupport.containers.DockerEngineHints;
import dev.tributary.testsupport.containers.FixtureBackend;
import dev.tributary.testsupport.containers.FixtureMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;

/**
 * The JVM's one decision between process and container fixtures ({@code -Dtributary.fixtures}, see
 * {@link FixtureMode}), logged once when the first fixture starts, and what the container fixtures
 * share: the image pins of docker-compose.yml and one Docker network.
 *
 * <p>Thread-safe (all state guarded by the class lock).
 */
final class FixtureChoice {

  private static final Logger LOG = LoggerFactory.getLogger(FixtureChoice.class);
  private static FixtureBackend backend;
  private static ContainerImages images;
  private static Network network;

  private FixtureChoice() {}

  /** Whether this JVM's fixtures are containers; decided and logged on the first call. */
  static synchronized boolean containers() {
    if (backend == null) {
      FixtureMode mode = FixtureMode.parse(System.getProperty(FixtureMode.PROPERTY));
      Path home = Path.of(System.getProperty("user.home"));
      List<String> hints = DockerEngineHints.present(System.getenv(), home, Files::exists);
      List<String> checked = hints.isEmpty() ? DockerEngineHints.looked(System.getenv(), home) : hints;
      backend = FixtureBackend.choose(mode, () -> dockerEngine(hints), checked);
      LOG.info("Test fixtures: {}", backend.describe());
    }
    return backend.containers();
  }

  /** The images pinned in the project's docker-compose.yml. */
  static synchronized ContainerImages images() {
    if (images == null) {
      String root = System.getProperty("tributary.project.root", System.getProperty("user.dir"));
      images = ContainerImages.fromProject(Path.of(root));
    }
    return images;
  }

  /** The network of the Kafka and registry containers, removed by the fixtures' shutdown hook. */
  static synchronized Network network() {
    if (network == null) {
      network = Network.newNetwork();
      Fixtures.register("docker-network", network::close);
    }
    return network;
  }

  /**
   * Starts {@code container} with its output in the fixture log {@code name}; logs image, address
   * and start time.
   *
   * @throws IllegalStateException naming the image and the log file when it does not start
   */
  static <C extends GenericContainer<?>> C start(String name, C container) {
    Path log = Fixtures.logFile(name + "-container");
    container.withLogConsumer(appendTo(log));
    long began = System.nanoTime();
    try {
      container.start();
    } catch (RuntimeException e) {
      container.stop();
      throw new IllegalStateException("the " + name + " container (" + container.getDockerImageName()
          + ") did not start; its output is in " + log, e);
    }
    LOG.info("{} fixture: container {} on {} ready in {} ms (output in {})", name, container.getDockerImageName(),
        container.getHost(), (System.nanoTime() - began) / 1_000_000, log);
    return container;
  }

  /** The engine's address when one answers; the Docker client is not even loaded without a hint of one. */
  private static Optional<String> dockerEngine(List<String> hints) {
    if (hints.isEmpty()) {
      return Optional.empty();
    }
    DockerClientFactory docker = DockerClientFactory.instance();
    return docker.isDockerAvailable() ? Optional.of(docker.getTransportConfig().getDockerHost().toString())
        : Optional.empty();
  }

  private static Consumer<OutputFrame> appendTo(Path file) {
    return frame -> {
      byte[] bytes = frame.getBytes();
      if (bytes == null) {
        return;
      }
      try {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        LOG.warn("Could not write container output to {}: {}", file, e.toString());
      }
    };
  }
}
