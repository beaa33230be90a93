package dev.tributary.common.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RollupsTest {

  @Test
  void shouldNameTheMinuteTablesAsWhatTheRollupsRead() {
    assertThat(Rollups.sources()).containsExactlyInAnyOrder(WarehouseTables.METRICS_MINUTE.name(),
        WarehouseTables.METRICS_TOO_LATE.name(), BackfillTables.TABLE);
  }

  @Test
  void shouldRefillEveryRollupFromExactlyTheRowsOfOneBatch() {
    List<String> refills = Rollups.refillRowsOf(WarehouseTables.METRICS_MINUTE.name(), "metrics.minute", 3, 100, 199);

    assertThat(refills).hasSize(UserRollup.refillQueries("1").size() + CountRollup.refillQueries("1").size()
        + IdentityDayRollup.refillQueries("1").size());
    assertThat(refills).allSatisfy(sql -> assertThat(sql).startsWith("INSERT INTO {db}.`")
        .contains("_topic = 'metrics.minute' AND _partition = 3 AND _offset BETWEEN 100 AND 199"));
    assertThat(refills).anySatisfy(sql -> assertThat(sql).contains("INSERT INTO {db}.`" + UserRollup.TABLE + "`"));
    assertThat(refills).anySatisfy(sql -> assertThat(sql).contains("INSERT INTO {db}.`" + CountRollup.TABLE + "`"));
    assertThat(refills).anySatisfy(sql -> assertThat(sql).contains("INSERT INTO {db}.`" + IdentityDayRollup.TABLE + "`"));
  }

  @Test
  void shouldRefillNothingForATableNoRollupReads() {
    assertThat(Rollups.refillRowsOf(WarehouseTables.EVENTS.name(), "events.clean", 0, 0, 9)).isEmpty();
  }

  @Test
  void shouldRefuseATopicThatIsNoKafkaTopicName() {
    assertThatThrownBy(() -> Rollups.refillRowsOf(WarehouseTables.METRICS_MINUTE.name(), "x' OR 1 = 1 --", 0, 0, 9))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Kafka topic name");
  }
}
