package dev.tributary.testsupport;

import dev.tributary.localstack.component.RegistryProcess;
import dev.tributary.localstack.process.Ports;
import java.time.Duration;

/**
 * One Apicurio Registry 3.0.9 process per test JVM, started on first use (~8-10 s) on a free port,
 * storing schemas in {@link TestKafka}'s broker, global compatibility BACKWARD. Stopped (before
 * the broker) by the fixtures' shutdown hook.
 *
 * <p>Thread-safe.
 */
public final class TestRegistry {

  private static final Lazy<RegistryProcess> REGISTRY = new Lazy<>("registry", () -> RegistryProcess.start(
      Fixtures.newDataDir("registry"), Fixtures.logFile("apicurio-registry"), Ports.free(),
      TestKafka.bootstrapServers(), Duration.ofSeconds(10)));

  private TestRegistry() {}

  /** The Confluent-compatible API base, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
  public static String url() {
    return REGISTRY.get().ccompatUrl();
  }

  /** The registry's root URL (Apicurio's own API lives under {@code /apis/registry/v3}). */
  public static String baseUrl() {
    return REGISTRY.get().baseUrl();
  }
}
