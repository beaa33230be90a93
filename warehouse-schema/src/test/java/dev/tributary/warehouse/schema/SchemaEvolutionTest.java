package dev.tributary.warehouse.schema;

import dev.tributary.common.catalogue.Datasets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.ColumnType;
import dev.tributary.common.catalogue.WarehouseTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

  /** Columns of {@code events} before traits, group_id and previous_id existed. */
  private static final List<String> ADDED_TO_EVENTS = List.of("traits", "group_id", "previous_id");

  @Test
  void shouldChangeNothingWhenTablesMatch() {
    SchemaEvolution.Plan plan = SchemaEvolution.plan(current());

    assertThat(plan).isInstanceOfSatisfying(SchemaEvolution.Evolve.class,
        e -> assertThat(e.upToDate()).isTrue());
  }

  @Test
  void shouldAddMissingNullableColumnsEachAfterItsPredecessor() {
    Map<String, Map<String, String>> existing = current();
    ADDED_TO_EVENTS.forEach(existing.get("events")::remove);

    SchemaEvolution.Evolve evolve = (SchemaEvolution.Evolve) SchemaEvolution.plan(existing);

    assertThat(evolve.additions()).extracting(a -> a.sql("db")).containsExactly(
        "ALTER TABLE `db`.`events` ADD COLUMN `traits` Nullable(String) AFTER `revenue`",
        "ALTER TABLE `db`.`events` ADD COLUMN `group_id` Nullable(String) AFTER `traits`",
        "ALTER TABLE `db`.`events` ADD COLUMN `previous_id` Nullable(String) AFTER `group_id`");
  }

  @Test
  void shouldLeaveExtraColumnsOfANewerVersionAlone() {
    Map<String, Map<String, String>> existing = current();
    existing.get("events").put("tenant", "Nullable(String)");

    assertThat(SchemaEvolution.plan(existing)).isInstanceOfSatisfying(SchemaEvolution.Evolve.class,
        e -> assertThat(e.upToDate()).isTrue());
  }

  @Test
  void shouldStopOnAColumnOfAnotherType() {
    Map<String, Map<String, String>> existing = current();
    existing.get("events").put("traits", "String");

    assertThat(SchemaEvolution.plan(existing)).isInstanceOfSatisfying(SchemaEvolution.Incompatible.class,
        i -> assertThat(i.problems()).containsExactly("events.traits is String, expected Nullable(String)"));
  }

  @Test
  void shouldStopOnAMissingColumnThatIsNotNullable() {
    Map<String, Map<String, String>> existing = current();
    existing.get("events").remove("source");

    assertThat(SchemaEvolution.plan(existing)).isInstanceOfSatisfying(SchemaEvolution.Incompatible.class,
        i -> assertThat(i.problems()).singleElement().asString()
            .startsWith("events.source is missing (expected String;"));
  }

  @Test
  void shouldAddNothingWhenAnyColumnIsIncompatible() {
    Map<String, Map<String, String>> existing = current();
    existing.get("events").remove("traits");
    existing.get("dead_letters").put("reason", "Int32");

    assertThat(SchemaEvolution.plan(existing)).isInstanceOf(SchemaEvolution.Incompatible.class);
  }

  @Test
  void shouldCompareTypesAsTheServerSpellsThem() {
    Column timestamp = Column.of("timestamp", ColumnType.DATETIME, "event time");

    assertThat(SchemaEvolution.hasExpectedType(timestamp, "DateTime(\"UTC\")")).isTrue();
    assertThat(SchemaEvolution.hasExpectedType(timestamp, "DateTime")).isFalse();
    assertThat(SchemaEvolution.hasExpectedType(timestamp, null)).isFalse();
  }

  /** What system.columns reports for tables and views created by this version, mutable. */
  private static Map<String, Map<String, String>> current() {
    Map<String, Map<String, String>> existing = new HashMap<>();
    for (WarehouseTable table : Datasets.tables()) {
      existing.put(table.name(), columns(table));
    }
    return existing;
  }

  private static Map<String, String> columns(WarehouseTable table) {
    Map<String, String> columns = new HashMap<>();
    table.columns().forEach(c -> columns.put(c.name(), c.type().sql()));
    return columns;
  }
}
