package dev.tributary.console.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.SqlParam;
import dev.tributary.console.warehouse.QueryResult;
import dev.tributary.console.warehouse.WarehouseException;
import dev.tributary.localstack.component.ClickHouseConfig;
import dev.tributary.testsupport.TestClickHouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcWarehouseIT {

  private static String database;
  private static JdbcWarehouse analyst;

  @BeforeAll
  static void setUp() {
    database = TestClickHouse.createDatabase();
    TestClickHouse.execute("CREATE TABLE " + database + ".t (name String, n UInt64, x Float64, d DateTime) ENGINE = MergeTree() ORDER BY name");
    TestClickHouse.execute("INSERT INTO " + database + ".t VALUES ('a', 18446744073709551615, 1.5, '2026-11-30 10:00:00'), ('it''s', 2, 0.25, '2026-11-30 10:01:00')");
    analyst = new JdbcWarehouse(TestClickHouse.httpUrl(), database, ClickHouseConfig.ANALYST_USER,
        ClickHouseConfig.ANALYST_PASSWORD, Duration.ofSeconds(10), 1000, 2);
  }

  @AfterAll
  static void close() {
    analyst.close();
  }

  @Test
  void shouldReadRowsWithBoundParametersAsTheAnalyst() {
    QueryResult result = analyst.run(ConsoleQuery.of("probe", "SELECT name, n, x, toUnixTimestamp(d) AS t, d FROM t"
        + " WHERE n >= ? AND name != ? ORDER BY name", new SqlParam.Int(0), new SqlParam.Text("nobody")));
    System.out.println(result);
    assertThat(result.columns()).containsExactly("name", "n", "x", "t", "d");
    assertThat(result.rows()).hasSize(2);
  }

  @Test
  void shouldBindInjectionStringsAsPlainValues() {
    for (String hostile : List.of("it's", "' OR 1=1 --", "\\' OR 1=1 --", "a'); DROP TABLE t; --", "?", "\u00e9\u00e8'\"`")) {
      QueryResult result = analyst.run(ConsoleQuery.of("probe", "SELECT count() AS c FROM t WHERE name = ?",
          new SqlParam.Text(hostile)));
      assertThat(((Number) result.value(0, "c")).longValue()).as(hostile).isEqualTo(hostile.equals("it's") ? 1 : 0);
    }
  }

  @Test
  void shouldRefuseWritesAsTheAnalyst() {
    assertThatThrownBy(() -> analyst.run(ConsoleQuery.of("write", "INSERT INTO t VALUES ('b', 1, 1, now())")))
        .isInstanceOf(WarehouseException.class).hasMessageContaining("164");
  }

  @Test
  void shouldReuseAtMostItsBoundOfConnectionsUnderConcurrentQueries() throws Exception {
    try (JdbcWarehouse pooled = new JdbcWarehouse(TestClickHouse.httpUrl(), database, ClickHouseConfig.ANALYST_USER,
        ClickHouseConfig.ANALYST_PASSWORD, Duration.ofSeconds(10), 1000, 2)) {
      ExecutorService threads = Executors.newFixedThreadPool(6);
      try {
        List<Future<QueryResult>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          answers.add(threads.submit(() -> pooled.run(ConsoleQuery.of("probe", "SELECT count() AS c FROM t"))));
        }
        for (Future<QueryResult> answer : answers) {
          assertThat(((Number) answer.get(30, TimeUnit.SECONDS).value(0, "c")).longValue()).isEqualTo(2);
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(pooled.idleConnections()).isBetween(1, 2);
      // a query the server refuses leaves its connection usable, and it is given back
      int idle = pooled.idleConnections();
      assertThatThrownBy(() -> pooled.run(ConsoleQuery.of("bad", "SELECT nope FROM t")))
          .isInstanceOf(WarehouseException.class);
      assertThat(pooled.idleConnections()).isEqualTo(idle);
    }
  }

  @Test
  void shouldRefuseQueriesOnceClosed() {
    JdbcWarehouse closed = new JdbcWarehouse(TestClickHouse.httpUrl(), database, ClickHouseConfig.ANALYST_USER,
        ClickHouseConfig.ANALYST_PASSWORD, Duration.ofSeconds(10), 1000, 1);
    closed.run(ConsoleQuery.of("probe", "SELECT 1 AS one"));
    closed.close();
    assertThat(closed.idleConnections()).isZero();
    assertThatThrownBy(() -> closed.run(ConsoleQuery.of("probe", "SELECT 1 AS one")))
        .isInstanceOf(WarehouseException.class).hasMessageContaining("stopping");
  }
}
