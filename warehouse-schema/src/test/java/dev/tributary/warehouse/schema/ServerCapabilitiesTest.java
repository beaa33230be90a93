package dev.tributary.warehouse.schema;

import dev.tributary.common.catalogue.WarehouseTables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.common.catalogue.WarehouseTable;
import org.junit.jupiter.api.Test;

class ServerCapabilitiesTest {

  @Test
  void shouldNotUseInsertDeduplicationTokensOn18_16() {
    assertThat(ServerCapabilities.of("18.16.1").insertDeduplicationToken()).isFalse();
    assertThat(ServerCapabilities.of("22.1.3.7").insertDeduplicationToken()).isFalse();
  }

  @Test
  void shouldUseInsertDeduplicationTokensFrom22_2() {
    assertThat(ServerCapabilities.of("22.2.2.1").insertDeduplicationToken()).isTrue();
    assertThat(ServerCapabilities.of("25.8.1.5101\n").insertDeduplicationToken()).isTrue();
  }

  @Test
  void shouldTreatAnUnreadableVersionAsTheBaseline() {
    assertThat(ServerCapabilities.of("unknown").insertDeduplicationToken()).isFalse();
  }

  @Test
  void shouldKeepADeduplicationWindowOnlyWhereTheServerSupportsTokens() {
    assertThat(TableDdl.createTable("db", WarehouseTables.EVENTS, ServerCapabilities.of("24.8.1")))
        .endsWith(" SETTINGS non_replicated_deduplication_window = " + ServerCapabilities.DEDUPLICATION_WINDOW);
    assertThat(TableDdl.createTable("db", WarehouseTables.EVENTS, ServerCapabilities.of("18.16.1")))
        .doesNotContain("SETTINGS");
  }
}
