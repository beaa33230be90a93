package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaBrokerPropertiesTest {

  @Test
  void shouldRunCombinedModeWithTheControllerOnItsOwnListener() {
    Properties p = KafkaBrokerProperties.of(19092, 19093, Path.of("/d")).toProperties();

    assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
    assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@localhost:19093");
    assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093");
    assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://localhost:19092");
  }

  @Test
  void shouldUseSingleReplicaInternalTopicsSoExactlyOnceWorksOnOneNode() {
    Properties p = KafkaBrokerProperties.of(1, 2, Path.of("/d")).toProperties();

    assertThat(p).containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("default.replication.factor", "1")
        .containsEntry("min.insync.replicas", "1")
        .containsEntry("log.cleaner.dedupe.buffer.size", "8388608")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
  }

  @Test
  void shouldApplyOverridesLast() {
    Properties p = new KafkaBrokerProperties("localhost", 1, 2, Path.of("/d"), Map.of("num.partitions", "6")).toProperties();

    assertThat(p.getProperty("num.partitions")).isEqualTo("6");
  }
}
