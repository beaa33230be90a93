package dev.tributary.common.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PersonSnapshotTest {

  @Test
  void shouldInsertTheWatermarksBeforeTheMappingSoTheyWinTheirKeys() {
    List<String> steps = PersonSnapshot.refreshStatements("abc1", new TreeMap<>(java.util.Map.of(0, 17L, 3, 5L)));

    int watermarks = indexOf(steps, "arrayJoin([(0, 17), (3, 5)])");
    int mapping = indexOf(steps, "FROM {db}.`persons` FINAL");
    assertThat(watermarks).isPositive().isLessThan(mapping);
    assertThat(steps.get(watermarks)).contains(PersonSnapshot.watermarkKey("toInt32(w.1)"));
  }

  @Test
  void shouldFilterTheMappingOutsideFinalSoOnlyEachIdsLatestRowCounts() {
    List<String> steps = PersonSnapshot.refreshStatements("abc1", new TreeMap<>());

    assertThat(steps.get(indexOf(steps, "FINAL"))).contains("FROM (SELECT id, person_id FROM {db}.`persons` FINAL)"
        + " WHERE person_id != id");
  }

  @Test
  void shouldBuildUnderItsOwnNameThenSwapInOneRenameAndDropTheOldSnapshot() {
    List<String> steps = PersonSnapshot.refreshStatements("abc1", new TreeMap<>());

    assertThat(steps.get(0)).isEqualTo(PersonSnapshot.ddl());
    assertThat(steps).contains("CREATE TABLE {db}.`persons_snapshot_next_abc1` (user_hash UInt64, person_hash UInt64)"
        + " ENGINE = Join(ANY, LEFT, user_hash)");
    assertThat(steps.get(steps.size() - 2)).isEqualTo("RENAME TABLE {db}.`persons_snapshot` TO"
        + " {db}.`persons_snapshot_old_abc1`, {db}.`persons_snapshot_next_abc1` TO {db}.`persons_snapshot`");
    assertThat(steps.get(steps.size() - 1)).isEqualTo("DROP TABLE IF EXISTS {db}.`persons_snapshot_old_abc1`");
    assertThat(steps).noneMatch(s -> s.contains("arrayJoin")); // no partition yet: no watermark rows
  }

  @Test
  void shouldRefuseASuffixOrLeftoverThatIsNotItsOwnWorkTable() {
    assertThatThrownBy(() -> PersonSnapshot.refreshStatements("a`b", new TreeMap<>()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PersonSnapshot.dropLeftover("events")).isInstanceOf(IllegalArgumentException.class);
    assertThat(PersonSnapshot.dropLeftover("persons_snapshot_next_x1"))
        .isEqualTo("DROP TABLE IF EXISTS {db}.`persons_snapshot_next_x1`");
  }

  @Test
  void shouldListOnlyWorkTablesOlderThanAGivenAge() {
    assertThat(PersonSnapshot.leftoversQuery("it's", 600)).contains("database = 'it\\'s'",
        "startsWith(name, 'persons_snapshot_')", "metadata_modification_time < now() - 600");
  }

  private static int indexOf(List<String> steps, String fragment) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).contains(fragment)) {
        return i;
      }
    }
    return -1;
  }
}
