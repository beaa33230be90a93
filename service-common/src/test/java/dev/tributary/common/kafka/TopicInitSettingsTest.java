package dev.tributary.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.catalogue.Datasets;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TopicInitSettingsTest {

  @Test
  void shouldCreateEveryCatalogueTopicWithTheConfiguredReplication() {
    TopicInitSettings settings = TopicInitSettings.load(
        Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092", "TOPIC_PARTITIONS", "12", "TOPIC_REPLICATION_FACTOR", "3"),
        Map.of());

    assertThat(settings.newTopics()).extracting(NewTopic::name).containsExactlyElementsOf(Datasets.defaultTopicNames());
    assertThat(settings.newTopics()).allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
    assertThat(settings.newTopics()).filteredOn(t -> Datasets.ALL.stream()
            .anyMatch(d -> d.topic().defaultName().equals(t.name()) && d.topic().partitions().isEmpty()))
        .isNotEmpty().allSatisfy(t -> assertThat(t.numPartitions()).isEqualTo(12));
  }

  @Test
  void shouldNameTopicsWithTheKeysTheServicesRead() {
    String key = Datasets.CLEAN.topic().configKey();

    TopicInitSettings settings = TopicInitSettings.load(Map.of(), Map.of(key, "prod.events.clean"));

    assertThat(settings.topics().of(Datasets.CLEAN)).isEqualTo("prod.events.clean");
  }

  @Test
  void shouldRefuseAReplicationFactorBelowOne() {
    assertThatThrownBy(() -> TopicInitSettings.load(Map.of("TOPIC_REPLICATION_FACTOR", "0"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("topic.replication.factor");
  }

  @Test
  void shouldPinTransactionVersionOneUnlessTold() {
    assertThat(TopicInitSettings.load(Map.of(), Map.of()).transactionVersionMax()).isEqualTo((short) 1);
    assertThat(TopicInitSettings.load(Map.of("TOPIC_INIT_TRANSACTION_VERSION_MAX", "-1"), Map.of())
        .transactionVersionMax()).isEqualTo((short) -1);
  }

  @Test
  void shouldRefuseATransactionVersionMaximumBelowMinusOne() {
    assertThatThrownBy(() -> TopicInitSettings.load(Map.of("TOPIC_INIT_TRANSACTION_VERSION_MAX", "-2"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(TopicInitSettings.TRANSACTION_VERSION_MAX);
  }
}
