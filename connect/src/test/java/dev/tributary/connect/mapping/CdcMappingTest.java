package dev.tributary.connect.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CdcMappingTest {

  @Test
  void shouldReadEveryAttributeOfATable() {
    TableMapping orders = Orders.mapping().table("public.orders").orElseThrow();

    assertThat(orders.identityColumn()).isEqualTo("customer_id");
    assertThat(orders.identityField()).isEqualTo("user_id");
    assertThat(orders.timestampColumn()).contains("updated_at");
    assertThat(orders.propertyColumns()).containsExactly("status");
    assertThat(orders.revenueColumn()).contains("amount");
    assertThat(orders.eventName(Operation.UPDATE)).contains("order_updated");
  }

  @Test
  void shouldNameSnapshotReadsLikeInsertsUnlessTold() {
    assertThat(Orders.mapping().table("public.orders").orElseThrow().eventName(Operation.SNAPSHOT))
        .contains("order_created");
    Map<String, String> keys = Orders.mappingKeys();
    keys.put("table.public.orders.event.snapshot", "order_existed");
    assertThat(CdcMapping.parse(keys).table("public.orders").orElseThrow().eventName(Operation.SNAPSHOT))
        .contains("order_existed");
  }

  @Test
  void shouldLeaveUnnamedOperationsUnmapped() {
    Map<String, String> keys = Orders.mappingKeys();
    keys.remove("table.public.orders.event.delete");
    assertThat(CdcMapping.parse(keys).table("public.orders").orElseThrow().eventName(Operation.DELETE)).isEqualTo(Optional.empty());
  }

  @Test
  void shouldReportEveryProblemAtOnceNamingItsKey() {
    Map<String, String> keys = Orders.mappingKeys();
    keys.remove("table.public.orders.identity.column");
    keys.put("table.public.orders.identity.field", "email");
    keys.put("table.public.orders.revnue.column", "amount");
    keys.put("table.public.payments.identity.column", "customer_id");

    assertThatThrownBy(() -> CdcMapping.parse(keys)).isInstanceOfSatisfying(MappingException.class, e ->
        assertThat(e.problems()).containsExactlyInAnyOrder(
            "table.public.orders.identity.column is missing: name the column holding the user (or anonymous) id",
            "table.public.orders.identity.field: 'email' must be one of anonymous_id, user_id",
            "table.public.orders.revnue.column: unknown setting 'revnue.column' (one of event.delete, event.insert,"
                + " event.snapshot, event.update, identity.column, identity.field, properties, revenue.column,"
                + " timestamp.column)",
            "table.public.payments.identity.column: table 'public.payments' is not listed in tables"));
  }

  @Test
  void shouldRefuseAMappingWithoutTablesOrEvents() {
    assertThatThrownBy(() -> CdcMapping.parse(Map.of())).isInstanceOf(MappingException.class)
        .hasMessageContaining("tables is missing or empty");
    assertThatThrownBy(() -> CdcMapping.parse(Map.of("tables", "orders, public.orders",
        "table.public.orders.identity.column", "customer_id")))
        .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.problems()).containsExactly(
            "tables: 'orders' is not schema.table (identifiers of letters, digits and _)",
            "table.public.orders.event.* : no operation is mapped to an event name (event.insert, event.update,"
                + " event.delete)"));
  }

  @Test
  void shouldIgnoreKeysThatBelongToTheTransform() {
    Map<String, String> keys = Orders.mappingKeys();
    keys.put("source", "postgres:shop");
    keys.put("type", "dev.tributary.connect.transform.CdcEventTransform");
    assertThat(CdcMapping.parse(keys).tables()).hasSize(1);
  }
}
