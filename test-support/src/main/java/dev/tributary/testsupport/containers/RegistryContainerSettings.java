package dev.tributary.testsupport.containers;

import dev.tributary.localstack.component.RegistryProcess;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Apicurio Registry container's configuration: the same storage and rules as the registry
 * process ({@link RegistryProcess#storageSettings}: schemas in Kafka, global compatibility BACKWARD),
 * given as Quarkus environment variables, reaching the Kafka container on the fixtures' network.
 * Ready when the Confluent-compatible API lists subjects.
 *
 * <p>Stateless; thread-safe.
 */
public final class RegistryContainerSettings {

  /** The image's HTTP port. */
  public static final int HTTP_PORT = 8080;
  /** Answers 200 once the registry has caught up with its Kafka topic. */
  public static final String READY_PATH = RegistryProcess.CCOMPAT_PATH + "/subjects";
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private RegistryContainerSettings() {}

  /** The container's environment for a broker reachable from it at {@code bootstrapServers}. */
  public static Map<String, String> environment(String bootstrapServers) {
    Map<String, String> env = new TreeMap<>();
    RegistryProcess.storageSettings(bootstrapServers).forEach((key, value) -> env.put(environmentName(key), value));
    return env;
  }

  /** Quarkus's environment name of a configuration key: upper case, non-alphanumerics as {@code _}. */
  public static String environmentName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
