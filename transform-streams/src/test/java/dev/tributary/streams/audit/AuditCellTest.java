package dev.tributary.streams.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.audit.AuditMeasure;
import org.junit.jupiter.api.Test;

class AuditCellTest {

  @Test
  void shouldReadBackItsStoreKeyWhateverTheSourceHolds() {
    AuditCell cell = new AuditCell(-60_000L, AuditMeasure.DEAD_LETTERED, "MISSING_FIELD", "web|eu\u001fodd");

    assertThat(AuditCell.parse(cell.storeKey())).isEqualTo(cell);
  }

  @Test
  void shouldFloorTimesBeforeTheEpochIntoTheirMinute() {
    assertThat(AuditCell.minuteOf(-1L)).isEqualTo(-60_000L);
    assertThat(AuditCell.minuteOf(119_999L)).isEqualTo(60_000L);
  }

  @Test
  void shouldKeyTheTopicByStageReporterAndCell() {
    AuditCell cell = new AuditCell(60_000L, AuditMeasure.READ, "", "web");

    assertThat(cell.topicKey("transform-streams", "3")).isEqualTo("transform-streams|3|60000|READ||web");
  }
}
