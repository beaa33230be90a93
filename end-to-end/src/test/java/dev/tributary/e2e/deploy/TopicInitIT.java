package dev.tributary.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.common.kafka.TopicInit;
import dev.tributary.common.kafka.TopicInitSettings;
import dev.tributary.testsupport.TestKafka;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
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
