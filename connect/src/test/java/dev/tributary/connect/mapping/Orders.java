package dev.tributary.connect.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The orders table of the mapping tests: a mapping and row changes of it. */
final class Orders {

  static final String SOURCE = "postgres:shop";
  static final Instant COMMIT = Instant.parse("2026-11-30T12:00:00Z");
  static final Instant UPDATED = Instant.parse("2026-11-30T11:59:58.250Z");

  private Orders() {}

  static Map<String, String> mappingKeys() {
    Map<String, String> keys = new HashMap<>();
    keys.put("tables", "public.orders");
    keys.put("table.public.orders.identity.column", "customer_id");
    keys.put("table.public.orders.timestamp.column", "updated_at");
    keys.put("table.public.orders.properties", "status");
    keys.put("table.public.orders.revenue.column", "amount");
    keys.put("table.public.orders.event.insert", "order_created");
    keys.put("table.public.orders.event.update", "order_updated");
    keys.put("table.public.orders.event.delete", "order_deleted");
    return keys;
  }

  static CdcMapping mapping() {
    return CdcMapping.parse(mappingKeys());
  }

  static Map<String, Object> row(long id, String customer, String amount, String status) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("customer_id", customer);
    row.put("amount", new BigDecimal(amount));
    row.put("status", status);
    row.put("updated_at", UPDATED);
    return row;
  }

  static RowChange change(Operation op, Map<String, Object> before, Map<String, Object> after, long lsn) {
    Object id = (op == Operation.DELETE ? before : after).get("id");
    return new RowChange("public.orders", op, before, after, List.of(Map.entry("id", String.valueOf(id))),
        op == Operation.SNAPSHOT ? Optional.empty() : Optional.of(lsn), COMMIT.toEpochMilli());
  }
}
