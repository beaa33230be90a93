package dev.tributary.testsupport.containers;

import dev.tributary.localstack.component.KafkaBrokerProperties;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka container's configuration: a single KRaft node (broker and controller, which the
 * Testcontainers Kafka module sets up with its listeners) with the same broker settings as the
 * in-JVM test broker ({@link KafkaBrokerProperties}: single-replica transaction log and offsets, no
 * rebalance delay, no topic auto-creation), plus a listener {@value #INTERNAL_BOOTSTRAP} on the
 * fixtures' network for the registry container.
 *
 * <p>Stateless; thread-safe.
 */
public final class KafkaContainerSettings {

  /** The broker's host name on the fixtures' Docker network. */
  public static final String NETWORK_ALIAS = "kafka";
  /** What other containers (the registry) use as bootstrap servers. */
  public static final String INTERNAL_BOOTSTRAP = NETWORK_ALIAS + ":19092";

  /** Where the node lives: the container module owns listeners, roles, quorum and data directory. */
  private static final Set<String> NODE_KEYS = Set.of("process.roles", "node.id", "controller.quorum.voters",
      "listeners", "advertised.listeners", "listener.security.protocol.map", "controller.listener.names",
      "inter.broker.listener.name", "log.dirs");

  private KafkaContainerSettings() {}

  /** The apache/kafka image's environment for the process broker's settings other than the node's place. */
  public static Map<String, String> environment() {
    Map<String, String> env = new TreeMap<>();
    KafkaBrokerProperties.of(0, 0, Path.of("unused")).toProperties()
        .forEach((key, value) -> {
          if (!NODE_KEYS.contains((String) key)) {
            env.put(environmentName((String) key), (String) value);
          }
        });
    return env;
  }

  /**
   * The apache/kafka image's name for a broker setting: {@code KAFKA_} and the key upper-cased with
   * {@code .} as {@code _}, {@code _} as {@code __} and {@code -} as {@code ___}.
   */
  public static String environmentName(String key) {
    StringBuilder name = new StringBuilder("KAFKA_");
    for (char c : key.toCharArray()) {
      switch (c) {
        case '.' -> name.append('_');
        case '_' -> name.append("__");
        case '-' -> name.append("___");
        default -> name.append(Character.toUpperCase(c));
      }
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }
}
