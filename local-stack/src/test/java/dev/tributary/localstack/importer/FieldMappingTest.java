package dev.tributary.localstack.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldMappingTest {

  private static final List<String> HEADER = List.of("name", "uid", "ts", "plan", "seats");

  @Test
  void shouldMapColumnsToFieldsAndNestPropertiesByDots() {
    FieldMapping mapping = FieldMapping.parse(
        "event=name,user_id=uid,timestamp=ts,properties.plan=plan,properties.billing.seats=seats", HEADER);

    assertThat(mapping.apply(List.of("signup", "u-1", "2025-01-02T03:04:05Z", "pro", "3")).toString())
        .isEqualTo("{\"event\":\"signup\",\"user_id\":\"u-1\",\"timestamp\":\"2025-01-02T03:04:05Z\","
            + "\"properties\":{\"plan\":\"pro\",\"billing\":{\"seats\":\"3\"}}}");
  }

  @Test
  void shouldLeaveOutEmptyCells() {
    FieldMapping mapping = FieldMapping.parse("event=name,user_id=uid,properties.plan=plan", HEADER);

    assertThat(mapping.apply(List.of("view", "u-2", "", "", "")).toString()).isEqualTo("{\"event\":\"view\",\"user_id\":\"u-2\"}");
  }

  @Test
  void shouldMapEveryColumnToItsOwnNameWithoutASpec() {
    FieldMapping mapping = FieldMapping.parse("", List.of("event", "user_id", "properties.plan"));

    assertThat(mapping.apply(List.of("a", "b", "c")).toString())
        .isEqualTo("{\"event\":\"a\",\"user_id\":\"b\",\"properties\":{\"plan\":\"c\"}}");
  }

  @Test
  void shouldNameAMissingColumnAtStart() {
    assertThatThrownBy(() -> FieldMapping.parse("event=name,user_id=user", HEADER))
        .hasMessageContaining("no column 'user'").hasMessageContaining("name, uid, ts, plan, seats");
  }

  @Test
  void shouldRejectAnEntryWithoutEquals() {
    assertThatThrownBy(() -> FieldMapping.parse("event", HEADER)).hasMessageContaining("must be field=column");
  }

  @Test
  void shouldRejectARecordWithTheWrongNumberOfFields() {
    FieldMapping mapping = FieldMapping.parse("event=name", HEADER);

    assertThatThrownBy(() -> mapping.apply(List.of("a", "b"))).hasMessage("has 2 fields; the header has 5");
  }
}
