package dev.tributary.common.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A ClickHouse table of the warehouse, as the catalogue declares it: columns in row order, engine,
 * partition and sorting keys, and the analyst views over it. Every table ends with the Kafka
 * coordinates {@code _topic, _partition, _offset} of the record a row came from: they are how the
 * sink knows, after any crash, what the warehouse already holds.
 *
 * <p>Columns added in later versions must be nullable: the sink adds them to tables created by an
 * earlier version ({@code ALTER TABLE ... ADD COLUMN}), and rows written before hold NULL there.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name unqualified table name, e.g. {@code events}
 * @param doc what one row is
 * @param columns all columns in row order, coordinates last
 * @param engine the MergeTree-family engine
 * @param partitionColumn the DateTime column whose month ({@code toYYYYMM}) is the ClickHouse partition
 * @param orderBy the sorting key expressions (for a ReplacingMergeTree: the identity of a row)
 * @param views the analyst views over this table
 */
public record WarehouseTable(String name, String doc, List<Column> columns, TableEngine engine,
    String partitionColumn, List<String> orderBy, List<WarehouseView> views) {

  /** Names of the coordinate columns every table ends with. */
  public static final String TOPIC_COLUMN = "_topic";
  public static final String PARTITION_COLUMN = "_partition";
  public static final String OFFSET_COLUMN = "_offset";

  public WarehouseTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(engine, "engine");
    columns = List.copyOf(columns);
    orderBy = List.copyOf(orderBy);
    views = List.copyOf(views);
    List<String> names = columns.stream().map(Column::name).toList();
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException(name + " declares a column twice: " + names);
    }
    if (!names.contains(partitionColumn) || columnType(columns, partitionColumn) != ColumnType.DATETIME) {
      throw new IllegalArgumentException(name + ": partition column " + partitionColumn + " must be a DateTime column");
    }
    engine.versionColumn().filter(v -> !names.contains(v)).ifPresent(v -> {
      throw new IllegalArgumentException(name + ": version column " + v + " is not a column");
    });
    for (WarehouseView view : views.stream().filter(v -> !v.hasQuery()).toList()) {
      view.columns().stream().filter(c -> !names.contains(c)).findFirst().ifPresent(c -> {
        throw new IllegalArgumentException("view " + view.name() + " selects " + c + ", not a column of " + name);
      });
    }
    if (orderBy.isEmpty()) {
      throw new IllegalArgumentException(name + " needs a sorting key");
    }
  }

  /** A table of {@code dataColumns} followed by the Kafka coordinate columns. */
  public static WarehouseTable of(String name, String doc, List<Column> dataColumns, TableEngine engine,
      String partitionColumn, List<String> orderBy, List<WarehouseView> views) {
    List<Column> all = new ArrayList<>(dataColumns);
    all.add(Column.of(TOPIC_COLUMN, ColumnType.STRING, "Kafka topic the row was loaded from"));
    all.add(Column.of(PARTITION_COLUMN, ColumnType.INT32, "Kafka partition the row was loaded from"));
    all.add(Column.of(OFFSET_COLUMN, ColumnType.INT64,
        "Kafka offset of the record the row came from; the sink resumes after the highest one"));
    return new WarehouseTable(name, doc, all, engine, partitionColumn, orderBy, views);
  }

  /** The columns before the coordinates, i.e. what a {@link RowConverter} fills. */
  public int dataColumnCount() {
    return columns.size() - 3;
  }

  private static ColumnType columnType(List<Column> columns, String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().map(Column::type).orElse(null);
  }
}
