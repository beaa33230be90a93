package dev.tributary.localstack.component;

import dev.tributary.localstack.process.Ports;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * "Is this broker serving?" as a readiness probe: the port accepts connections and an Admin
 * {@code describeCluster} answers with at least one node. Stateless and thread-safe.
 */
public final class KafkaProbe {

  private KafkaProbe() {}

  public static boolean clusterAnswers(String host, int port) throws Exception {
    return clusterAnswers(host, port, -1, 1);
  }

  /**
   * True once the broker on {@code host:port} answers {@code describeCluster} with at least {@code brokers}
   * nodes and, unless {@code nodeId} is negative, with itself among them (a restarted cluster node serves
   * only once it rejoined).
   */
  public static boolean clusterAnswers(String host, int port, int nodeId, int brokers) throws Exception {
    if (!Ports.isListening(host, port)) {
      return false;
    }
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000,
        AdminClientConfig.CLIENT_ID_CONFIG, "tributary-readiness"))) {
      Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
      return nodes.size() >= brokers && (nodeId < 0 || nodes.stream().anyMatch(n -> n.id() == nodeId));
    }
  }
}
