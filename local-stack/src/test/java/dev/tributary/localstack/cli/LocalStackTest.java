package dev.tributary.localstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Datasets;
import dev.tributary.common.catalogue.TopicNames;
import dev.tributary.common.config.PipelineConfig;
import dev.tributary.common.config.WiringKeys;
import dev.tributary.localstack.service.PipelineService;
import dev.tributary.localstack.component.ClickHouseClusterConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackTest {

  private static final StackPorts PORTS = StackPorts.DEFAULTS.with("kafka-port", 19092).with("ingest-port", 18080)
      .with("registry-port", 18081).with("clickhouse-http-port", 18123).with("streams-admin-port", 18082)
      .with("sink-admin-port", 18083).with("console-port", 18084);

  @Test
  void shouldPointEveryServiceAtTheStacksKafkaRegistryAndTheCataloguesDefaultTopics() {
    for (PipelineService service : PipelineService.values()) {
      Map<String, String> settings = LocalStack.settings(service, PORTS);

      assertThat(settings).containsEntry(PipelineConfig.BOOTSTRAP_SERVERS, "localhost:19092")
          .containsEntry(PipelineConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:18081/apis/ccompat/v7")
          .containsAllEntriesOf(TopicNames.defaults(Datasets.ALL).configuration());
    }
  }

  @Test
  void shouldGiveIngestItsPortAndTheDemoWriteKey() {
    assertThat(LocalStack.settings(PipelineService.INGEST, PORTS))
        .containsEntry(WiringKeys.HTTP_PORT, "18080")
        .containsEntry(WiringKeys.INGEST_WRITE_KEYS, "demo-key:demo");
  }

  @Test
  void shouldGiveTheSinkTheStacksClickHouse() {
    assertThat(LocalStack.settings(PipelineService.SINK, PORTS)).containsEntry(WiringKeys.CLICKHOUSE_URL, "http://127.0.0.1:18123");
  }

  @Test
  void shouldGiveTheConsoleItsPortAndTheStacksClickHouse() {
    assertThat(LocalStack.settings(PipelineService.CONSOLE, PORTS)).containsEntry(WiringKeys.HTTP_PORT, "18084")
        .containsEntry(WiringKeys.CLICKHOUSE_URL, "http://127.0.0.1:18123");
  }

  @Test
  void shouldGiveStreamsAndSinkTheAdminPortsItProbesAndPrints() {
    assertThat(LocalStack.settings(PipelineService.STREAMS, PORTS)).containsEntry(WiringKeys.ADMIN_PORT, "18082");
    assertThat(LocalStack.settings(PipelineService.SINK, PORTS)).containsEntry(WiringKeys.ADMIN_PORT, "18083");
  }

  @Test
  void shouldServeTheStacksCopyOfTheExperimentsToIngestStreamsAndConsoleAndConvertSessionsOnPurchase(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
    java.nio.file.Files.createDirectories(root.resolve("experiments"));
    java.nio.file.Files.writeString(root.resolve(LocalStack.EXAMPLE_EXPERIMENTS), "experiments: []");
    StackLayout layout = new StackLayout(root);

    assertThat(LocalStack.demoSettings(PipelineService.INGEST, layout)).containsEntry(
        WiringKeys.EXPERIMENTS_DEFINITIONS_FILE, layout.servedDefinitions().toString());
    assertThat(LocalStack.demoSettings(PipelineService.STREAMS, layout))
        .containsEntry(WiringKeys.EXPERIMENTS_DEFINITIONS_FILE, layout.servedDefinitions().toString())
        .containsEntry(WiringKeys.SESSIONS_CONVERSION_EVENTS, "purchase");
    assertThat(LocalStack.demoSettings(PipelineService.CONSOLE, layout)).containsEntry(
        WiringKeys.EXPERIMENTS_DEFINITIONS_FILE, layout.servedDefinitions().toString());
    assertThat(LocalStack.demoSettings(PipelineService.SINK, layout)).isEmpty();
    assertThat(LocalStack.demoSettings(PipelineService.INGEST, new StackLayout(root.resolve("elsewhere")))).isEmpty();
  }

  @Test
  void shouldTellTheSinkTheClusterShapeAndItsShards() {
    ClickHouseClusterConfig config = new ClickHouseClusterConfig("tributary", 2181, List.of(
        List.of(new ClickHouseClusterConfig.Node(1, 1, 8123, 9000, 9009), new ClickHouseClusterConfig.Node(1, 2, 8124, 9001, 9010))));

    assertThat(LocalStack.clusterSettings(config)).containsExactlyInAnyOrderEntriesOf(Map.of("clickhouse.shape", "cluster",
        "clickhouse.cluster.name", "tributary", "clickhouse.cluster.shards", "http://127.0.0.1:8123|http://127.0.0.1:8124"));
  }

  @Test
  void shouldPointEveryServiceAtEveryBrokerOfTheKafkaClusterAndCreateTopicsWithThreeReplicas() {
    String brokers = "localhost:9092,localhost:40001,localhost:40002";
    for (PipelineService service : List.of(PipelineService.INGEST, PipelineService.STREAMS, PipelineService.SINK)) {
      assertThat(LocalStack.kafkaClusterSettings(service, brokers)).containsExactlyInAnyOrderEntriesOf(Map.of(
          PipelineConfig.BOOTSTRAP_SERVERS, brokers, PipelineConfig.TOPIC_REPLICATION_FACTOR, "3"));
    }
    // the console creates no topic, and its configuration has no such key
    assertThat(LocalStack.kafkaClusterSettings(PipelineService.CONSOLE, brokers))
        .containsExactlyEntriesOf(Map.of(PipelineConfig.BOOTSTRAP_SERVERS, brokers));
  }
}
