package dev.tributary.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.sink.clickhouse.PersonSnapshotRefresher.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonSnapshotRefresherTest {

  private final List<String> executed = new ArrayList<>();
  private String watermarks = "0\t10\n";
  private String leftovers = "";
  private final PersonSnapshotRefresher refresher = new PersonSnapshotRefresher(
      sql -> sql.contains("system.tables") ? leftovers : watermarks, executed::add, "db");

  @Test
  void shouldRefreshFirstThenOnlyWhenThePersonsTableMoved() {
    assertThat(refresher.refresh()).isEqualTo(Outcome.REFRESHED);
    int statements = executed.size();
    assertThat(executed).anyMatch(s -> s.startsWith("RENAME TABLE `db`.`persons_snapshot` TO"));

    assertThat(refresher.refresh()).isEqualTo(Outcome.UNCHANGED);
    assertThat(executed).hasSize(statements);

    watermarks = "0\t10\n1\t3\n";
    assertThat(refresher.refresh()).isEqualTo(Outcome.REFRESHED);
    assertThat(executed).anyMatch(s -> s.contains("arrayJoin([(0, 10), (1, 3)])"));
  }

  @Test
  void shouldDropTheWorkTablesARefresherLeftBehind() {
    leftovers = "persons_snapshot_next_k3\npersons_snapshot_old_k3\n";

    refresher.refresh();

    assertThat(executed).startsWith("DROP TABLE IF EXISTS `db`.`persons_snapshot_next_k3`",
        "DROP TABLE IF EXISTS `db`.`persons_snapshot_old_k3`");
  }

  @Test
  void shouldBuildEachSnapshotUnderANameOfItsOwn() {
    refresher.refresh();
    watermarks = "0\t11\n";
    refresher.refresh();

    assertThat(executed.stream().filter(s -> s.startsWith("CREATE TABLE `db`.`persons_snapshot_next_")).distinct())
        .hasSize(2);
  }
}
