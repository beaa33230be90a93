package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.localstack.component.KafkaBrokerProperties.Replication;
import dev.tributary.localstack.component.KafkaClusterConfig.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClusterConfigTest {

  private static final KafkaClusterConfig CONFIG = new KafkaClusterConfig("cid", "localhost",
      List.of(new Node(1, 19092, 19093), new Node(2, 29092, 29093), new Node(3, 39092, 39093)), Replication.CLUSTER);

  @Test
  void shouldNameEveryNodeAsAVoterOfOneQuorumAndBootstrapFromAll() {
    assertThat(CONFIG.quorumVoters()).isEqualTo("1@localhost:19093,2@localhost:29093,3@localhost:39093");
    assertThat(CONFIG.bootstrapServers()).isEqualTo("localhost:19092,localhost:29092,localhost:39092");
  }

  @Test
  void shouldGiveEachNodeItsOwnIdAndListenersAndTheSharedQuorum() {
    Properties p = CONFIG.properties(CONFIG.node(2), Path.of("/d2")).toProperties();

    assertThat(p).containsEntry("node.id", "2")
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", CONFIG.quorumVoters())
        .containsEntry("listeners", "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093")
        .containsEntry("advertised.listeners", "PLAINTEXT://localhost:29092");
  }

  @Test
  void shouldReplicateEveryTopicThreeTimesWithTwoInSyncInternalTopicsIncluded() {
    Properties p = CONFIG.properties(CONFIG.node(1), Path.of("/d1")).toProperties();

    assertThat(p).containsEntry("default.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("share.coordinator.state.topic.replication.factor", "3")
        .containsEntry("share.coordinator.state.topic.min.isr", "2")
        .containsEntry("unclean.leader.election.enable", "false");
  }

  @Test
  void shouldFenceAKilledBrokerWithinItsShortSession() {
    Properties p = CONFIG.properties(CONFIG.node(3), Path.of("/d3")).toProperties();

    assertThat(p).containsEntry("broker.session.timeout.ms", Integer.toString(KafkaClusterConfig.BROKER_SESSION_TIMEOUT_MS))
        .containsEntry("broker.heartbeat.interval.ms", "500");
  }

  @Test
  void shouldRefuseFewerNodesThanReplicasAndDuplicateIds() {
    assertThatThrownBy(() -> new KafkaClusterConfig("cid", "localhost", List.of(new Node(1, 1, 2), new Node(2, 3, 4)),
        Replication.CLUSTER)).hasMessageContaining("2 nodes cannot hold 3 replicas");
    assertThatThrownBy(() -> new KafkaClusterConfig("cid", "localhost",
        List.of(new Node(1, 1, 2), new Node(1, 3, 4), new Node(3, 5, 6)), Replication.CLUSTER))
        .hasMessageContaining("unique");
  }

  @Test
  void shouldRefuseMoreInSyncReplicasThanReplicas() {
    assertThatThrownBy(() -> new Replication(2, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
