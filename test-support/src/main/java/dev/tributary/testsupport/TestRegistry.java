package dev.tributary.testsupport;

import dev.tributary.localstack.component.RegistryProcess;
import dev.tributary.localstack.process.Ports;
import dev.tributary.testsupport.containers.FixtureContainers;
import dev.tributary.testsupport.containers.RegistryContainerSettings;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * One Apicurio Registry per test JVM, started on first use, storing schemas in {@link TestKafka}'s
 * broker, global compatibility BACKWARD: a 3.0.9 process on a free port (~8-10 s), or, with the
 * container fixtures ({@code -Dtributary.fixtures}, see {@link FixtureChoice}), the
 * apicurio/apicurio-registry image pinned in docker-compose.yml. Stopped (before the broker) by the
 * fixtures' shutdown hook. Under failsafe the process is shared by the Maven run's test JVMs
 * ({@link SharedFixtures}; it stores into a broker of its own, not this JVM's).
 *
 * <p>Thread-safe.
 */
public final class TestRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(TestRegistry.class);
  private static final Lazy<Running.Registry> REGISTRY = new Lazy<>("registry", () -> {
    Optional<SharedFixtures.Addresses> shared = SharedFixtures.addresses();
    if (shared.isPresent()) {
      LOG.info("Registry fixture: the Apicurio Registry shared by this Maven run's test JVMs at {}",
          shared.get().registryBaseUrl());
      return new Running.Registry(shared.get().registryBaseUrl(), () -> { }); // the daemon stops it
    }
    String bootstrapServers = TestKafka.bootstrapServers();
    if (FixtureChoice.containers()) {
      GenericContainer<?> container = FixtureChoice.start("Registry",
          FixtureContainers.registry(FixtureChoice.images(), FixtureChoice.network()));
      return new Running.Registry("http://" + container.getHost() + ":"
          + container.getMappedPort(RegistryContainerSettings.HTTP_PORT), container::stop);
    }
    RegistryProcess registry = RegistryProcess.start(Fixtures.newDataDir("registry"),
        Fixtures.logFile("apicurio-registry"), Ports.free(), bootstrapServers, Duration.ofSeconds(10));
    LOG.info("Registry fixture: Apicurio Registry process at {}", registry.baseUrl());
    return new Running.Registry(registry.baseUrl(), registry);
  });

  private TestRegistry() {}

  /** The Confluent-compatible API base, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
  public static String url() {
    return REGISTRY.get().baseUrl() + RegistryProcess.CCOMPAT_PATH;
  }

  /** The registry's root URL (Apicurio's own API lives under {@code /apis/registry/v3}). */
  public static String baseUrl() {
    return REGISTRY.get().baseUrl();
  }
}
