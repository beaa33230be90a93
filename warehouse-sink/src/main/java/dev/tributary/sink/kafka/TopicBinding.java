package dev.tributary.sink.kafka;

import dev.tributary.common.catalogue.WarehouseTable;
import java.util.Objects;

/** Which table a topic is loaded into, and how its records become rows. Immutable. */
public record TopicBinding(String topic, WarehouseTable table, RecordConverter converter) {

  public TopicBinding {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(converter, "converter");
  }
}
