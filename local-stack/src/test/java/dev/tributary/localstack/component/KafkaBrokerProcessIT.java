package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.kafka.TransactionVersionPin;
import dev.tributary.localstack.process.Ports;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessIT {

  @TempDir
  Path dir;

  @Test
  void shouldKeepTopicsAndClusterIdAcrossARestartOnTheSameDirectory() throws Exception {
    int port = Ports.free();
    int controllerPort = Ports.free();
    String clusterId;
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir, dir.resolve("kafka.log"), port, controllerPort)) {
      KafkaTopics.ensure(broker.bootstrapServers(), 3, "restart.survivor");
      clusterId = clusterId(broker.bootstrapServers());
    }

    try (KafkaBrokerProcess restarted = KafkaBrokerProcess.start(dir, dir.resolve("kafka.log"), port, controllerPort)) {
      try (Admin admin = admin(restarted.bootstrapServers())) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("restart.survivor");
        // formatted at the level exactly-once was proven at through a broker kill, as the cluster and compose run
        assertThat(admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures()
            .get(TransactionVersionPin.FEATURE).maxVersionLevel()).isEqualTo(TransactionVersionPin.PROVEN_LEVEL);
      }
      assertThat(clusterId(restarted.bootstrapServers())).isEqualTo(clusterId);
    }
  }

  @Test
  void shouldStopTheBrokerProcessOnClose() {
    KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir, dir.resolve("kafka.log"), Ports.free(), Ports.free());

    broker.close();

    assertThat(broker.process().isAlive()).isFalse();
  }

  private static String clusterId(String bootstrap) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
