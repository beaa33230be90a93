package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.localstack.component.ClickHouseClusterConfig.Node;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickHouseClusterConfigTest {

  private final Node s1r1 = new Node(1, 1, 8123, 9000, 9009);
  private final Node s1r2 = new Node(1, 2, 8124, 9001, 9010);
  private final Node s2r1 = new Node(2, 1, 8125, 9002, 9011);
  private final Node s2r2 = new Node(2, 2, 8126, 9003, 9012);
  private final ClickHouseClusterConfig config = new ClickHouseClusterConfig("tributary", 2181,
      List.of(List.of(s1r1, s1r2), List.of(s2r1, s2r2)));

  @Test
  void shouldGiveEachNodeItsShardAndReplicaMacrosAndInterserverPort() {
    String xml = config.configXml(s2r1);
    assertThat(xml).contains("<shard>2</shard>", "<replica>s2r1</replica>", "<interserver_http_port>9011</interserver_http_port>",
        "<port>2181</port>", "<path>/clickhouse/task_queue/ddl</path>");
  }

  @Test
  void shouldListEveryShardsReplicasByTheirNativePortsWithInternalReplication() {
    String xml = config.configXml(s1r1);
    assertThat(xml.indexOf("<port>9000</port>")).isLessThan(xml.indexOf("<port>9001</port>"));
    assertThat(xml.split("<shard>\\s*<internal_replication>true</internal_replication>", -1)).hasSize(3);
    assertThat(xml).contains("<tributary>", "<port>9003</port>");
  }

  @Test
  void shouldSpellShardsAsTheSinksSettingReadsThem() {
    assertThat(config.shardUrls()).isEqualTo(
        "http://127.0.0.1:8123|http://127.0.0.1:8124,http://127.0.0.1:8125|http://127.0.0.1:8126");
  }

  @Test
  void shouldLetAnalystViewsJoinDistributedTables() {
    assertThat(config.usersXml()).contains("<distributed_product_mode>global</distributed_product_mode>");
  }

  @Test
  void shouldRefuseClusterWithoutNodes() {
    assertThatThrownBy(() -> new ClickHouseClusterConfig("c", 2181, List.of(List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRunZooKeeperStandaloneOnLoopbackWithoutAdminServer() {
    String cfg = ZooKeeperProcess.zooCfg(Path.of("/data/zk"), 2181);
    assertThat(cfg).contains("clientPort=2181", "clientPortAddress=127.0.0.1", "admin.enableServer=false",
        "dataDir=/data/zk", "4lw.commands.whitelist=ruok");
  }
}
