package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Ports;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * "Is this broker serving?" as a readiness probe: the port accepts connections and an Admin
 * {@code describeCluster} answers with at least one node. Stateless and thread-safe.
 */
public final class KafkaProbe {

  private KafkaProbe() {}

  public static boolean clusterAnswers(String host, int port) throws Exception {
    if (!Ports.isListening(host, port)) {
      return false;
    }
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000,
        AdminClientConfig.CLIENT_ID_CONFIG, "tributary-readiness"))) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    }
  }
}
