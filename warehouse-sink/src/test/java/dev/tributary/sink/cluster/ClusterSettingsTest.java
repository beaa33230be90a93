package dev.tributary.sink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.sink.config.SinkSettings;
import dev.tributary.warehouse.schema.WarehouseShape;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  @Test
  void shouldDefaultToOneServer() {
    assertThat(SinkSettings.of(Map.of()).cluster()).isEqualTo(ClusterSettings.singleNode());
  }

  @Test
  void shouldReadShardsAndReplicasOfCluster() {
    ClusterSettings cluster = SinkSettings.of(Map.of(ClusterSettings.SHAPE, "cluster", ClusterSettings.CLUSTER_NAME, "prod",
        ClusterSettings.CLUSTER_SHARDS, "http://a:8123|http://b:8123, http://c:8123|http://d:8123")).cluster();

    assertThat(cluster.shape()).isEqualTo(new WarehouseShape.Cluster("prod"));
    assertThat(cluster.shards()).containsExactly(List.of("http://a:8123", "http://b:8123"),
        List.of("http://c:8123", "http://d:8123"));
  }

  @Test
  void shouldRefuseClusterWithoutShards() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of(ClusterSettings.SHAPE, "cluster")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ClusterSettings.CLUSTER_SHARDS);
  }

  @Test
  void shouldRefuseShardsWhenShapeIsSingle() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of(ClusterSettings.CLUSTER_SHARDS, "http://a:8123")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ClusterSettings.SHAPE);
  }

  @Test
  void shouldRefuseReplicaThatIsNotAnHttpUrl() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of(ClusterSettings.SHAPE, "cluster",
        ClusterSettings.CLUSTER_SHARDS, "http://a:8123||http://b:8123")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'|'");
  }

  @Test
  void shouldRefuseUnknownShape() {
    assertThatThrownBy(() -> SinkSettings.of(Map.of(ClusterSettings.SHAPE, "ring")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ClusterSettings.SHAPE);
  }

  @Test
  void shouldAskMajorityOfShardReplicasAndNoQuorumForOne() {
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(ClusterSettings::insertQuorum)).containsExactly(0, 2, 2, 3, 3);
  }
}
