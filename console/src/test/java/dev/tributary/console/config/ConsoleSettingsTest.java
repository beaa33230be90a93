package dev.tributary.console.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConsoleSettingsTest {

  @Test
  void shouldListenOnLoopbackAsTheAnalystByDefault() {
    ConsoleSettings s = ConsoleSettings.of(Map.of());
    assertThat(s.httpHost()).isEqualTo("127.0.0.1");
    assertThat(s.httpPort()).isEqualTo(ConsoleSettings.DEFAULT_HTTP_PORT);
    assertThat(s.clickhouseUser()).isEqualTo("analyst");
    assertThat(s.passwordProtected()).isFalse();
  }

  @Test
  void shouldReadExperimentDefinitionsOnlyWhenGivenAFile() {
    assertThat(ConsoleSettings.of(Map.of()).experimentDefinitions()).isEmpty();
    assertThat(ConsoleSettings.of(Map.of(ConsoleSettings.EXPERIMENTS_DEFINITIONS_FILE, " /etc/tributary/x.yaml "))
        .experimentDefinitions()).contains(Path.of("/etc/tributary/x.yaml"));
  }

  @Test
  void shouldRefuseToBindBeyondLoopbackWithoutAPassword() {
    assertThatThrownBy(() -> ConsoleSettings.of(Map.of(ConsoleSettings.HTTP_HOST, "0.0.0.0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ConsoleSettings.HTTP_HOST)
        .hasMessageContaining(ConsoleSettings.PASSWORD);
  }

  @Test
  void shouldBindBeyondLoopbackWithAPassword() {
    ConsoleSettings s = ConsoleSettings.of(Map.of(ConsoleSettings.HTTP_HOST, "0.0.0.0", ConsoleSettings.PASSWORD, "s3cret"));
    assertThat(s.passwordProtected()).isTrue();
    assertThat(s.toString()).doesNotContain("s3cret");
  }

  @Test
  void shouldTakeLocalhostForLoopback() {
    assertThat(ConsoleSettings.isLoopback("localhost")).isTrue();
    assertThat(ConsoleSettings.isLoopback("::1")).isTrue();
  }

  @Test
  void shouldDocumentEveryKey() {
    ConsoleSettings.definition().configKeys().values()
        .forEach(k -> assertThat(k.documentation).as(k.name).isNotBlank());
  }
}
