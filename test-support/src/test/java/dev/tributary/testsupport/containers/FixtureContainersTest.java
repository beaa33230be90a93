package dev.tributary.testsupport.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;

/** Builds the containers without starting them: no Docker engine is needed. */
class FixtureContainersTest {

  private static final ContainerImages IMAGES = new ContainerImages(
      "apache/kafka:4.3.1", "apicurio/apicurio-registry:3.0.9", "clickhouse/clickhouse-server:25.8");
  private final Network network = Network.newNetwork();

  @AfterEach
  void closeNetwork() {
    network.close();
  }

  @Test
  void shouldPutKafkaOnTheFixturesNetworkWithTheProcessBrokersSettings() {
    KafkaContainer kafka = FixtureContainers.kafka(IMAGES, network);

    assertThat(kafka.getNetwork()).isSameAs(network);
    assertThat(kafka.getNetworkAliases()).contains(KafkaContainerSettings.NETWORK_ALIAS);
    assertThat(kafka.getEnvMap()).containsAllEntriesOf(KafkaContainerSettings.environment());
    assertThat(kafka.getEnvMap()).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
  }

  @Test
  void shouldPointTheRegistryAtKafkasListenerOnTheSameNetwork() {
    GenericContainer<?> registry = FixtureContainers.registry(IMAGES, network);

    assertThat(registry.getNetwork()).isSameAs(network);
    assertThat(registry.getEnvMap()).containsAllEntriesOf(
        RegistryContainerSettings.environment(KafkaContainerSettings.INTERNAL_BOOTSTRAP));
    assertThat(registry.getExposedPorts()).containsExactly(RegistryContainerSettings.HTTP_PORT);
  }

  @Test
  void shouldExposeClickHousesHttpAndNativePortsWithTheFixtureUsers() {
    GenericContainer<?> clickHouse = FixtureContainers.clickHouse(IMAGES);

    assertThat(clickHouse.getExposedPorts())
        .containsExactly(ClickHouseContainerSettings.HTTP_PORT, ClickHouseContainerSettings.TCP_PORT);
    assertThat(clickHouse.getEnvMap()).containsAllEntriesOf(ClickHouseContainerSettings.environment());
    assertThat(clickHouse.getCreateContainerCmdModifiers()).hasSize(1);
  }
}
