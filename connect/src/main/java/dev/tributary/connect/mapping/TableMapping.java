package dev.tributary.connect.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the changes of one table become events.
 *
 * @param table {@code schema.table}
 * @param events the event name per operation; an operation without a name is not an event (e.g. a
 *     mapping that only wants {@code order_created})
 * @param identityColumn the column whose value is the event's identity (and Kafka key)
 * @param identityField {@code user_id} or {@code anonymous_id}: which identity the column holds
 * @param timestampColumn the column holding the event time; empty: the commit time
 * @param propertyColumns columns copied into {@code properties} under their own names
 * @param revenueColumn the column copied into {@code properties.revenue}, the clean event's revenue
 */
public record TableMapping(String table, Map<Operation, String> events, String identityColumn, String identityField,
    Optional<String> timestampColumn, List<String> propertyColumns, Optional<String> revenueColumn) {

  public TableMapping {
    Objects.requireNonNull(table, "table");
    events = Map.copyOf(events);
    Objects.requireNonNull(identityColumn, "identityColumn");
    Objects.requireNonNull(identityField, "identityField");
    Objects.requireNonNull(timestampColumn, "timestampColumn");
    propertyColumns = List.copyOf(propertyColumns);
    Objects.requireNonNull(revenueColumn, "revenueColumn");
  }

  /** The event name of {@code operation}, if that operation is mapped. */
  public Optional<String> eventName(Operation operation) {
    return Optional.ofNullable(events.get(operation));
  }

  /** Every column the mapping reads, for the check against the database. */
  public List<String> columns() {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    all.add(identityColumn);
    timestampColumn.ifPresent(all::add);
    all.addAll(propertyColumns);
    revenueColumn.ifPresent(all::add);
    return List.copyOf(all);
  }
}
