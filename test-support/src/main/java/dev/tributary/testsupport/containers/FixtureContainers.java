package dev.tributary.testsupport.containers;

import com.github.dockerjava.api.model.Ulimit;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Builds (does not start) the fixtures' containers from their settings: Kafka and the registry on
 * one network (the registry stores its schemas in that broker), ClickHouse on its own. Building
 * needs no Docker engine, so the configuration is checked by unit tests.
 *
 * <p>Stateless; thread-safe (each call builds new containers).
 */
public final class FixtureContainers {

  private FixtureContainers() {}

  /** A single-node KRaft broker with the process broker's settings, reachable as {@link KafkaContainerSettings#INTERNAL_BOOTSTRAP}. */
  public static KafkaContainer kafka(ContainerImages images, Network network) {
    return new KafkaContainer(DockerImageName.parse(images.kafka()))
        .withNetwork(network)
        .withNetworkAliases(KafkaContainerSettings.NETWORK_ALIAS)
        .withListener(KafkaContainerSettings.INTERNAL_BOOTSTRAP)
        .withEnv(KafkaContainerSettings.environment());
  }

  /** Apicurio Registry storing in the Kafka container of {@code network}, BACKWARD compatibility. */
  public static GenericContainer<?> registry(ContainerImages images, Network network) {
    return new GenericContainer<>(DockerImageName.parse(images.registry()))
        .withNetwork(network)
        .withEnv(RegistryContainerSettings.environment(KafkaContainerSettings.INTERNAL_BOOTSTRAP))
        .withExposedPorts(RegistryContainerSettings.HTTP_PORT)
        .waitingFor(Wait.forHttp(RegistryContainerSettings.READY_PATH).forPort(RegistryContainerSettings.HTTP_PORT)
            .forStatusCode(200))
        .withStartupTimeout(RegistryContainerSettings.STARTUP_TIMEOUT);
  }

  /** A ClickHouse server with the process fixture's users (see {@link ClickHouseContainerSettings}). */
  public static GenericContainer<?> clickHouse(ContainerImages images) {
    return new GenericContainer<>(DockerImageName.parse(images.clickHouse()))
        .withEnv(ClickHouseContainerSettings.environment())
        .withCopyToContainer(Transferable.of(ClickHouseContainerSettings.usersXml()), ClickHouseContainerSettings.USERS_FILE)
        .withCopyToContainer(Transferable.of(ClickHouseContainerSettings.configXml()), ClickHouseContainerSettings.CONFIG_FILE)
        .withExposedPorts(ClickHouseContainerSettings.HTTP_PORT, ClickHouseContainerSettings.TCP_PORT)
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withUlimits(List.of(
            new Ulimit("nofile", ClickHouseContainerSettings.OPEN_FILES, ClickHouseContainerSettings.OPEN_FILES))))
        .waitingFor(Wait.forHttp(ClickHouseContainerSettings.READY_PATH).forPort(ClickHouseContainerSettings.HTTP_PORT)
            .forStatusCode(200))
        .withStartupTimeout(ClickHouseContainerSettings.STARTUP_TIMEOUT);
  }
}
