package dev.tributary.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.localstack.process.Ports;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickHouseProcessIT {

  @TempDir
  Path dir;

  @Test
  void shouldKeepRowsAcrossARestartOnTheSameDataDirectory() {
    int http = Ports.free();
    int tcp = Ports.free();
    try (ClickHouseProcess server = ClickHouseProcess.start(dir, dir.resolve("ch.log"), http, tcp, Duration.ofSeconds(30))) {
      ClickHouseHttp client = new ClickHouseHttp(server.httpUrl());
      client.execute("CREATE TABLE default.kept (id UInt32) ENGINE = MergeTree ORDER BY id");
      client.execute("INSERT INTO default.kept VALUES (1), (2), (3)");
    }

    try (ClickHouseProcess restarted = ClickHouseProcess.start(dir, dir.resolve("ch.log"), http, tcp, Duration.ofSeconds(30))) {
      assertThat(new ClickHouseHttp(restarted.httpUrl()).query("SELECT sum(id) FROM default.kept")).isEqualTo("6\n");
    }
  }

  @Test
  void shouldReportTheServersErrorTextForABadQuery() {
    try (ClickHouseProcess server = ClickHouseProcess.start(dir, dir.resolve("ch.log"), Ports.free(), Ports.free(), Duration.ofSeconds(30))) {
      ClickHouseHttp client = new ClickHouseHttp(server.httpUrl());

      assertThatThrownBy(() -> client.query("SELECT * FROM default.no_such_table"))
          .isInstanceOfSatisfying(ClickHouseHttpException.class, e -> {
            assertThat(e.code()).isEqualTo(60);
            assertThat(e.serverText()).contains("no_such_table");
          });
    }
  }
}
