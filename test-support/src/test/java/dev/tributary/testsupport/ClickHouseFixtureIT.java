package dev.tributary.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.localstack.component.ClickHouseHttpException;
import org.junit.jupiter.api.Test;

class ClickHouseFixtureIT {

  @Test
  void shouldInsertAndSelectRowsOfAMergeTreeTable() {
    String db = TestClickHouse.createDatabase();
    TestClickHouse.execute("CREATE TABLE " + db + ".t (id UInt64, name String) ENGINE = MergeTree ORDER BY id");

    TestClickHouse.execute("INSERT INTO " + db + ".t VALUES (2, 'b'), (1, 'a')");

    assertThat(TestClickHouse.query("SELECT id, name FROM " + db + ".t ORDER BY id")).isEqualTo("1\ta\n2\tb\n");
  }

  @Test
  void shouldAllowLowCardinalityColumnsForTheDefaultUser() {
    String db = TestClickHouse.createDatabase();

    TestClickHouse.execute("CREATE TABLE " + db + ".lc (e LowCardinality(String)) ENGINE = MergeTree ORDER BY tuple()");

    assertThat(TestClickHouse.query("SELECT count() FROM system.tables WHERE database = '" + db + "'")).isEqualTo("1\n");
  }

  @Test
  void shouldLetTheAnalystReadButNotInsert() {
    String db = TestClickHouse.createDatabase();
    TestClickHouse.execute("CREATE TABLE " + db + ".t (id UInt64) ENGINE = MergeTree ORDER BY id");
    TestClickHouse.execute("INSERT INTO " + db + ".t VALUES (7)");

    assertThat(TestClickHouse.analyst().query("SELECT id FROM " + db + ".t")).isEqualTo("7\n");
    assertThatThrownBy(() -> TestClickHouse.analyst().execute("INSERT INTO " + db + ".t VALUES (8)"))
        .isInstanceOfSatisfying(ClickHouseHttpException.class, e -> assertThat(e.code()).isEqualTo(164));
  }

  @Test
  void shouldCreateDistinctDatabasesOnEachCall() {
    assertThat(TestClickHouse.createDatabase()).isNotEqualTo(TestClickHouse.createDatabase());
  }
}
