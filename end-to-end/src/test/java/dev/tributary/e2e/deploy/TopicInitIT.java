package dev.tributary.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.common.kafka.TopicInit;
import dev.tributary.common.kafka.TopicInitSettings;
import dev.tributary.testsupport.EmbeddedKafkaBroker;
import dev.tributary.testsupport.TestKafka;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** The deployment's topic-init job against a real (single) broker. */
class TopicInitIT {

  private static Map<String, String> settings(TopicNames topics, String replication) {
    Map<String, String> s = new HashMap<>(topics.configuration());
    s.put(PipelineConfig.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    s.put(PipelineConfig.TOPIC_PARTITIONS, "2");
    s.put(PipelineConfig.TOPIC_REPLICATION_FACTOR, replication);
    s.put(TopicInitSettings.TIMEOUT_MS, "2000");
    // the shared fixture broker keeps its feature levels; the pin is proven on a broker of its own below
    s.put(TopicInitSettings.TRANSACTION_VERSION_MAX, "-1");
    return s;
  }

  @Test
  void shouldCreateEveryCatalogueTopicAndLeaveExistingOnesAlone() throws Exception {
    TopicNames topics = TopicNames.prefixed(Datasets.ALL, "topic-init-" + UUID.randomUUID() + ".");
    TestKafka.createTopics(5, topics.of(Datasets.RAW));
    TopicInitSettings init = TopicInitSettings.load(Map.of(), settings(topics, "1"));

    try (Admin admin = TestKafka.admin()) {
      TopicInit.run(admin, init);
      TopicInit.run(admin, init); // a restarted job finds them all and changes nothing

      Map<String, TopicDescription> described = admin.describeTopics(topics.all()).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(described).containsOnlyKeys(topics.all());
      assertThat(described.get(topics.of(Datasets.RAW)).partitions()).hasSize(5);
      assertThat(described.get(topics.of(Datasets.CLEAN)).partitions())
          .hasSize(Datasets.CLEAN.topic().partitions().orElse(2));
    }
  }

  /**
   * A cluster formatted the way a container image formats it (the release's default feature levels:
   * transaction.version 2 on Kafka 4.3.1) leaves topic-init at level 1, and a restarted job changes nothing.
   */
  @Test
  void shouldDowngradeTheTransactionVersionOfANewClusterToOne() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
         Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      assertThat(TopicInit.finalizedTransactionVersion(admin, deadline)).as("as formatted").isEqualTo((short) 2);
      TopicNames topics = TopicNames.prefixed(Datasets.ALL, "topic-init-" + UUID.randomUUID() + ".");
      Map<String, String> s = settings(topics, "1");
      s.put(PipelineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
      s.remove(TopicInitSettings.TRANSACTION_VERSION_MAX);
      TopicInitSettings init = TopicInitSettings.load(Map.of(), s);

      TopicInit.run(admin, init);
      TopicInit.run(admin, init);

      assertThat(TopicInit.finalizedTransactionVersion(admin, deadline)).isEqualTo((short) 1);
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(topics.all());
    }
  }

  @Test
  void shouldFailNamingTheBrokerCountWhenTheReplicationFactorCannotBeMet() {
    TopicNames topics = TopicNames.prefixed(Datasets.ALL, "topic-init-" + UUID.randomUUID() + ".");
    TopicInitSettings init = TopicInitSettings.load(Map.of(), settings(topics, "3"));

    try (Admin admin = TestKafka.admin()) {
      assertThatThrownBy(() -> TopicInit.run(admin, init)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("only 1 brokers").hasMessageContaining("topic.replication.factor=3");
    }
  }
}
