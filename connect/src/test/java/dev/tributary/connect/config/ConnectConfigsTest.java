package dev.tributary.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connect.mapping.CdcMapping;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectConfigsTest {

  private static final Map<String, String> MAPPING = Map.of(
      "tables", "public.orders,public.sign_ups",
      "table.public.orders.identity.column", "customer_id",
      "table.public.orders.event.insert", "order_created",
      "table.public.sign_ups.identity.column", "user_id",
      "table.public.sign_ups.event.insert", "signed_up");

  private final ConnectSettings settings = ConnectSettings.from(ConnectSettings.resolve(Map.of(
      "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
      "SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7",
      "CDC_MAPPING_FILE", "/etc/tributary/cdc.properties",
      "POSTGRES_DATABASE", "shop"), Map.of()));

  @Test
  void shouldRunTheConnectorExactlyOnceOnAWorkerThatSupportsIt() {
    assertThat(ConnectConfigs.worker(settings)).containsEntry("exactly.once.source.support", "enabled");
    assertThat(ConnectConfigs.connector(settings, CdcMapping.parse(MAPPING), MAPPING))
        .containsEntry("exactly.once.support", "required")
        .containsEntry("plugin.name", "pgoutput");
  }

  @Test
  void shouldCaptureOnlyTheMappedTablesMatchedLiterally() {
    assertThat(ConnectConfigs.connector(settings, CdcMapping.parse(MAPPING), MAPPING))
        .containsEntry("table.include.list", "public\\.orders,public\\.sign_ups");
  }

  @Test
  void shouldHandTheMappingAndTheCatalogueTopicsToTheTransform() {
    Map<String, String> connector = ConnectConfigs.connector(settings, CdcMapping.parse(MAPPING), MAPPING);

    assertThat(connector)
        .containsEntry("transforms.tributary.source", "postgres:shop")
        .containsEntry("transforms.tributary.topic.raw", "events.raw")
        .containsEntry("transforms.tributary.topic.dlq", "events.dlq")
        .containsEntry("transforms.tributary.table.public.sign_ups.event.insert", "signed_up");
  }
}
