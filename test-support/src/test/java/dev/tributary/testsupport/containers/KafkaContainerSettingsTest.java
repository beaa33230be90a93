package dev.tributary.testsupport.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.component.KafkaBrokerProperties;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaContainerSettingsTest {

  @Test
  void shouldNameBrokerSettingsTheWayTheApacheKafkaImageReadsThem() {
    assertThat(KafkaContainerSettings.environmentName("transaction.state.log.min.isr"))
        .isEqualTo("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR");
    assertThat(KafkaContainerSettings.environmentName("listener.name.internal_client.sasl-mechanism"))
        .isEqualTo("KAFKA_LISTENER_NAME_INTERNAL__CLIENT_SASL___MECHANISM");
  }

  @Test
  void shouldGiveTheContainerTheSingleNodeSettingsExactlyOnceStreamsNeeds() {
    assertThat(KafkaContainerSettings.environment())
        .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .containsEntry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
  }

  @Test
  void shouldLeaveListenersRolesQuorumAndDataToTheContainerModule() {
    assertThat(KafkaContainerSettings.environment()).doesNotContainKeys("KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS",
        "KAFKA_PROCESS_ROLES", "KAFKA_NODE_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_CONTROLLER_LISTENER_NAMES",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "KAFKA_INTER_BROKER_LISTENER_NAME", "KAFKA_LOG_DIRS");
  }

  @Test
  void shouldCarryEveryOtherSettingOfTheProcessBrokerUnchanged() {
    Properties process = KafkaBrokerProperties.of(9092, 9093, Path.of("/data")).toProperties();
    Map<String, String> env = KafkaContainerSettings.environment();

    process.forEach((key, value) -> {
      String name = KafkaContainerSettings.environmentName((String) key);
      if (env.containsKey(name)) {
        assertThat(env.get(name)).as(name).isEqualTo(value);
      }
    });
    assertThat(env).hasSize(process.size() - 9);
  }
}
