package dev.tributary.ingest.app;

import dev.tributary.localstack.component.KRaftStorage;
import dev.tributary.localstack.component.KafkaBrokerProperties;
import dev.tributary.localstack.process.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.awaitility.Awaitility;

/**
 * A single-node KRaft broker in this JVM that can be stopped and started again on the same ports
 * and data directory, so clients reconnect to the same address and find their data. Uses local-stack's
 * {@link KafkaBrokerProperties}/{@link KRaftStorage}; {@code EmbeddedKafkaBroker} picks new ports on
 * every start, so it cannot come back at the same address.
 */
final class RestartableBroker implements AutoCloseable {

  private final KafkaBrokerProperties properties;
  private KafkaRaftServer server;

  RestartableBroker(Path dir) {
    this.properties = new KafkaBrokerProperties("localhost", Ports.free(), Ports.free(), dir.resolve("kraft"),
        Map.of("log.flush.interval.messages", "1"));
    KRaftStorage.formatIfEmpty(properties.logDir());
  }

  String bootstrapServers() {
    return properties.bootstrapServers();
  }

  synchronized void start() {
    server = new KafkaRaftServer(KafkaConfig.fromProps(properties.toProperties(), false), Time.SYSTEM);
    server.startup();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> !admin.describeCluster().nodes().get().isEmpty());
    }
  }

  synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
