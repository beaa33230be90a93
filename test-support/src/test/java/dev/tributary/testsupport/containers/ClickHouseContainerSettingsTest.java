package dev.tributary.testsupport.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.component.ClickHouseConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ClickHouseContainerSettingsTest {

  @Test
  void shouldKeepTheImageFromLockingTheDefaultUserToLocalConnections() {
    assertThat(ClickHouseContainerSettings.environment()).containsEntry("CLICKHOUSE_SKIP_USER_SETUP", "1");
    Document users = parse(ClickHouseContainerSettings.usersXml());

    assertThat(text(users, "/clickhouse/users/default/networks/ip")).isEqualTo("::/0");
    assertThat(text(users, "/clickhouse/users/default/password")).as("the image's empty password stays").isEmpty();
  }

  @Test
  void shouldGiveTheAnalystTheSameReadOnlyAccessAsTheProcessServer() {
    Document container = parse(ClickHouseContainerSettings.usersXml());
    Document process = parse(new ClickHouseConfig(Path.of("/d"), 1, 2).usersXml());
    String user = ClickHouseConfig.ANALYST_USER;

    assertThat(text(container, "/clickhouse/users/" + user + "/password"))
        .isEqualTo(text(process, "/yandex/users/" + user + "/password")).isEqualTo(ClickHouseConfig.ANALYST_PASSWORD);
    String containerProfile = text(container, "/clickhouse/users/" + user + "/profile");
    String processProfile = text(process, "/yandex/users/" + user + "/profile");
    assertThat(text(container, "/clickhouse/profiles/" + containerProfile + "/readonly"))
        .isEqualTo(text(process, "/yandex/profiles/" + processProfile + "/readonly")).isEqualTo("2");
    assertThat(text(container, "/clickhouse/users/" + user + "/networks/ip")).isEqualTo("::/0");
  }

  @Test
  void shouldRunTheServerInUtcLikeTheProcessServer() {
    Document process = parse(new ClickHouseConfig(Path.of("/d"), 1, 2).configXml());

    assertThat(text(parse(ClickHouseContainerSettings.configXml()), "/clickhouse/timezone"))
        .isEqualTo(text(process, "/yandex/timezone")).isEqualTo("UTC");
  }

  @Test
  void shouldMergeIntoTheImagesConfigurationRatherThanReplaceIt() {
    assertThat(ClickHouseContainerSettings.USERS_FILE).startsWith("/etc/clickhouse-server/users.d/").endsWith(".xml");
    assertThat(ClickHouseContainerSettings.CONFIG_FILE).startsWith("/etc/clickhouse-server/config.d/").endsWith(".xml");
  }

  private static Document parse(String xml) {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed XML:\n" + xml, e);
    }
  }

  private static String text(Document doc, String path) {
    try {
      return XPathFactory.newInstance().newXPath().evaluate(path, doc);
    } catch (Exception e) {
      throw new AssertionError(path, e);
    }
  }
}
