package dev.tributary.warehouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewDefinitionsTest {

  private static final String PROBE = ViewDefinitions.probeName("events_v", 0xabcL);

  @Test
  void shouldTakeAViewAsCurrentWhenTheServerFormatsItLikeItsProbe() {
    // as ClickHouse 18.16 stores them in system.tables.create_table_query
    String stored = "CREATE VIEW db.events_v ( a UInt8,  b String) AS SELECT * FROM db.events  FINAL";
    String probe = "CREATE VIEW db." + PROBE + " ( a UInt8, b String) AS SELECT * FROM db.events FINAL";

    assertThat(ViewDefinitions.current("events_v", stored, PROBE, probe)).isTrue();
  }

  @Test
  void shouldTakeAViewAsCurrentInADatabaseWhoseNameNeedsQuotes() {
    String stored = "CREATE VIEW `my-db`.events_v ( a UInt8) AS SELECT a FROM `my-db`.events FINAL";
    String probe = "CREATE VIEW `my-db`." + PROBE + " ( a UInt8) AS SELECT a FROM `my-db`.events FINAL";

    assertThat(ViewDefinitions.current("events_v", stored, PROBE, probe)).isTrue();
  }

  @Test
  void shouldTakeAViewAsStaleWhenItLacksAColumnItsProbeHas() {
    String stored = "CREATE VIEW db.events_v ( a UInt8) AS SELECT * FROM db.events FINAL";
    String probe = "CREATE VIEW db." + PROBE + " ( a UInt8, b String) AS SELECT * FROM db.events FINAL";

    assertThat(ViewDefinitions.current("events_v", stored, PROBE, probe)).isFalse();
  }

  @Test
  void shouldTakeAViewAsStaleWhenItsQueryChanged() {
    String stored = "CREATE VIEW `my-db`.events_v ( a UInt8) AS SELECT a FROM `my-db`.events FINAL";
    String probe = "CREATE VIEW `my-db`." + PROBE + " ( a UInt8) AS SELECT a FROM `my-db`.events FINAL WHERE a > 0";

    assertThat(ViewDefinitions.current("events_v", stored, PROBE, probe)).isFalse();
  }

  @Test
  void shouldTellProbesFromViews() {
    assertThat(PROBE).isEqualTo("events_v__tributary_probe_abc");
    assertThat(ViewDefinitions.isProbe(PROBE)).isTrue();
    assertThat(ViewDefinitions.isProbe("events_v")).isFalse();
  }
}
