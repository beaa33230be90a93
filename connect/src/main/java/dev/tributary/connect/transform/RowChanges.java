package dev.tributary.connect.transform;

import dev.tributary.connect.mapping.Operation;
import dev.tributary.connect.mapping.RowChange;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads Debezium's change-event envelope ({@code before}, {@code after}, {@code source},
 * {@code op}) out of a Connect {@link SourceRecord} into a {@link RowChange}, converting column
 * values to plain Java values ({@code time.precision.mode=connect}: timestamps become
 * {@link Instant}s; {@code decimal.handling.mode=precise}: decimals stay exact).
 *
 * <p>Stateless and thread-safe.
 */
final class RowChanges {

  private RowChanges() {}

  /** The row change {@code record} carries; empty when it is not a row change (a tombstone, a heartbeat, a truncate). */
  static Optional<RowChange> from(SourceRecord record) {
    if (!(record.value() instanceof Struct value) || value.schema().field("op") == null
        || value.schema().field("source") == null) {
      return Optional.empty();
    }
    Optional<Operation> op = Operation.ofCode(value.getString("op"));
    if (op.isEmpty()) {
      return Optional.empty();
    }
    Struct source = value.getStruct("source");
    String table = source.getString("schema") + "." + source.getString("table");
    Long lsn = source.schema().field("lsn") == null ? null : source.getInt64("lsn");
    Long commit = source.getInt64("ts_ms");
    Operation operation = op.get();
    return Optional.of(new RowChange(table, operation, row(value.getStruct("before")), row(value.getStruct("after")),
        key(record), operation == Operation.SNAPSHOT ? Optional.empty() : Optional.ofNullable(lsn),
        commit == null ? 0L : commit));
  }

  private static List<Map.Entry<String, Object>> key(SourceRecord record) {
    List<Map.Entry<String, Object>> key = new ArrayList<>();
    if (record.key() instanceof Struct struct) {
      for (Field field : struct.schema().fields()) {
        key.add(Map.entry(field.name(), String.valueOf(plain(field.schema(), struct.get(field)))));
      }
    }
    return key;
  }

  private static Map<String, Object> row(Struct struct) {
    Map<String, Object> row = new LinkedHashMap<>();
    if (struct != null) {
      for (Field field : struct.schema().fields()) {
        row.put(field.name(), plain(field.schema(), struct.get(field)));
      }
    }
    return row;
  }

  private static Object plain(Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    String logical = schema.name();
    if (Timestamp.LOGICAL_NAME.equals(logical) && value instanceof java.util.Date date) {
      return date.toInstant();
    }
    if (Date.LOGICAL_NAME.equals(logical) && value instanceof java.util.Date date) {
      return LocalDate.ofInstant(date.toInstant(), ZoneOffset.UTC).toString();
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
    if (value instanceof Struct || value instanceof List || value instanceof Map) {
      return value.toString();
    }
    return value;
  }
}
