package dev.tributary.console.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.console.clickhouse.JdbcWarehouse;
import dev.tributary.console.config.ConsoleSettings;
import dev.tributary.localstack.component.ClickHouseConfig;
import dev.tributary.testsupport.TestClickHouse;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ReadOnlyCheckIT {

  private static JdbcWarehouse as(String user, String password) {
    return new JdbcWarehouse(TestClickHouse.httpUrl(), "system", user, password, Duration.ofSeconds(10), 10, 1);
  }

  @Test
  void shouldStartAsTheReadOnlyAnalyst() {
    assertThatCode(() -> ReadOnlyCheck.require(as(ClickHouseConfig.ANALYST_USER, ClickHouseConfig.ANALYST_PASSWORD),
        ClickHouseConfig.ANALYST_USER)).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseToStartAsAUserThatCanWrite() {
    assertThatThrownBy(() -> ReadOnlyCheck.require(as("default", ""), "default"))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ConsoleSettings.CLICKHOUSE_USER)
        .hasMessageContaining("readonly=0");
  }
}
