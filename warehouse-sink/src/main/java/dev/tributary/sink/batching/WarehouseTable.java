package dev.tributary.sink.batching;

import static dev.tributary.sink.batching.ColumnType.DATETIME;
import static dev.tributary.sink.batching.ColumnType.FLOAT64;
import static dev.tributary.sink.batching.ColumnType.INT32;
import static dev.tributary.sink.batching.ColumnType.INT64;
import static dev.tributary.sink.batching.ColumnType.NULLABLE_FLOAT64;
import static dev.tributary.sink.batching.ColumnType.NULLABLE_INT64;
import static dev.tributary.sink.batching.ColumnType.NULLABLE_STRING;
import static dev.tributary.sink.batching.ColumnType.STRING;
import static dev.tributary.sink.batching.ColumnType.UINT64;

import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse tables the sink loads and the exact column order of their {@link Row}s. Every
 * table ends with the Kafka coordinates {@code _topic, _partition, _offset} of the record a row
 * came from: they are how the sink knows, after any crash, what the warehouse already holds.
 *
 * <p>Columns added in later versions must be nullable: the sink adds them to tables created by an
 * earlier version ({@code ALTER TABLE ... ADD COLUMN}), and rows written before hold NULL there.
 *
 * <p>Immutable; thread-safe.
 */
public enum WarehouseTable {
  EVENTS("events", "received_at", List.of(
      Column.of("event_id", STRING),
      Column.of("type", STRING),
      Column.of("event", STRING),
      Column.of("user_id", NULLABLE_STRING),
      Column.of("anonymous_id", NULLABLE_STRING),
      Column.of("timestamp", DATETIME),
      Column.of("timestamp_ms", INT64),
      Column.of("original_timestamp_ms", NULLABLE_INT64),
      Column.of("sent_at_ms", NULLABLE_INT64),
      Column.of("received_at", DATETIME),
      Column.of("received_at_ms", INT64),
      Column.of("source", STRING),
      Column.of("properties", STRING),
      Column.of("context", STRING),
      Column.of("revenue", NULLABLE_FLOAT64),
      // added after the first release: nullable, so the sink can add them to existing tables
      Column.of("traits", NULLABLE_STRING),
      Column.of("group_id", NULLABLE_STRING),
      Column.of("previous_id", NULLABLE_STRING))),
  DEAD_LETTERS("dead_letters", "failed_at", List.of(
      Column.of("reason", STRING),
      Column.of("detail", STRING),
      Column.of("field", NULLABLE_STRING),
      Column.of("stage", STRING),
      Column.of("failed_at", DATETIME),
      Column.of("failed_at_ms", INT64),
      Column.of("event_id", NULLABLE_STRING),
      Column.of("source", NULLABLE_STRING),
      Column.of("received_at_ms", NULLABLE_INT64),
      Column.of("source_topic", STRING),
      Column.of("source_partition", INT32),
      Column.of("source_offset", INT64),
      Column.of("raw_key", NULLABLE_STRING),
      Column.of("raw_payload", STRING))),
  METRICS_MINUTE("metrics_minute", "minute", List.of(
      Column.of("minute", DATETIME),
      Column.of("minute_ms", INT64),
      Column.of("event", STRING),
      Column.of("count", UINT64),
      Column.of("revenue", FLOAT64),
      Column.of("updated_at_ms", INT64)));

  /** Names of the coordinate columns every table ends with. */
  public static final String TOPIC_COLUMN = "_topic";
  public static final String PARTITION_COLUMN = "_partition";
  public static final String OFFSET_COLUMN = "_offset";

  private final String tableName;
  private final String partitionColumn;
  private final List<Column> columns;

  WarehouseTable(String tableName, String partitionColumn, List<Column> dataColumns) {
    this.tableName = tableName;
    this.partitionColumn = partitionColumn;
    List<Column> all = new ArrayList<>(dataColumns);
    all.add(Column.of(TOPIC_COLUMN, STRING));
    all.add(Column.of(PARTITION_COLUMN, INT32));
    all.add(Column.of(OFFSET_COLUMN, INT64));
    this.columns = List.copyOf(all);
  }

  /** Unqualified table name, e.g. {@code events}. */
  public String tableName() {
    return tableName;
  }

  /** The DateTime column whose month ({@code toYYYYMM}) is the table's ClickHouse partition. */
  public String partitionColumn() {
    return partitionColumn;
  }

  /** All columns in row order, coordinates last. */
  public List<Column> columns() {
    return columns;
  }
}
