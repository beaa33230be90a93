package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClickHouseConfigTest {

  private final ClickHouseConfig config = new ClickHouseConfig(Path.of("/data/ch"), 18123, 19000);

  @Test
  void shouldListenOnLoopbackOnlyOnTheGivenPorts() {
    assertThat(config.configXml())
        .contains("<listen_host>127.0.0.1</listen_host>", "<http_port>18123</http_port>", "<tcp_port>19000</tcp_port>")
        .doesNotContain("0.0.0.0", "::</listen_host>");
  }

  @Test
  void shouldKeepEveryPathInsideTheDataDirectory() {
    assertThat(config.configXml()).contains("<path>/data/ch/data/</path>", "<tmp_path>/data/ch/tmp/</tmp_path>",
        "<users_config>/data/ch/users.xml</users_config>", "<log>/data/ch/log/clickhouse-server.log</log>",
        "<timezone>UTC</timezone>");
  }

  @Test
  void shouldMakeTheAnalystReadOnlyWithOutputSettingsAllowed() {
    String users = config.usersXml();

    assertThat(users).contains("<readonly>2</readonly>");
    assertThat(users.substring(users.indexOf("<analyst>"), users.indexOf("</analyst>")))
        .contains("<password>analyst</password>", "<profile>readonly</profile>");
  }

  @Test
  void shouldAllowLowCardinalityInTheDefaultProfile() {
    String users = config.usersXml();

    assertThat(users.substring(users.indexOf("<default>"), users.indexOf("</default>")))
        .contains("<allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>");
  }

  @Test
  void shouldLetQueriesUseEveryProcessorInBothProfiles() {
    String users = config.usersXml();
    String threads = "<max_threads>" + Runtime.getRuntime().availableProcessors() + "</max_threads>";

    String profiles = users.substring(users.indexOf("<profiles>"), users.indexOf("</profiles>"));
    assertThat(users.substring(users.indexOf("<default>"), users.indexOf("</default>"))).contains(threads);
    assertThat(profiles.substring(profiles.lastIndexOf("<readonly>\n"))).contains(threads);
  }
}
