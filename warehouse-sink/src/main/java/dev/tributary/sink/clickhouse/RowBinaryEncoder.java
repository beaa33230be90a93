package dev.tributary.sink.clickhouse;

import dev.tributary.sink.batching.Column;
import dev.tributary.sink.batching.ColumnType;
import dev.tributary.sink.batching.Row;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes rows in ClickHouse's {@code RowBinary} format: values in column order, little-endian
 * fixed-width numbers, strings as unsigned LEB128 length + bytes, {@code Nullable(T)} as a 1-byte
 * null flag followed by T when present, DateTime as UInt32 seconds. Chosen over JSONEachRow because
 * it is ~30% faster to insert, keeps raw DLQ bytes exact (a ClickHouse String is bytes, JSON is not)
 * and is not split by parallel parsing on newer servers.
 *
 * <p>Pure. Not thread-safe (reuses its buffer); one per writer thread.
 */
public final class RowBinaryEncoder {

  private byte[] buf = new byte[1 << 16];
  private int len;

  /** The encoded rows; the returned array is a copy of exactly the written length. */
  public byte[] encode(List<Column> columns, List<Row> rows) {
    len = 0;
    for (Row row : rows) {
      List<Object> values = row.values();
      if (values.size() != columns.size()) {
        throw new IllegalArgumentException("row at offset " + row.offset() + " has " + values.size()
            + " values for " + columns.size() + " columns");
      }
      for (int i = 0; i < columns.size(); i++) {
        write(columns.get(i), values.get(i), row.offset());
      }
    }
    return Arrays.copyOf(buf, len);
  }

  private void write(Column column, Object value, long offset) {
    ColumnType type = column.type();
    if (type.nullable()) {
      if (value == null) {
        put((byte) 1);
        return;
      }
      put((byte) 0);
    } else if (value == null) {
      throw new IllegalArgumentException("column " + column.name() + " is not nullable (row at offset "
          + offset + ")");
    }
    switch (type) {
      case STRING, NULLABLE_STRING -> writeString(value);
      case INT32 -> writeLittleEndian(((Number) value).intValue(), 4);
      case INT64, NULLABLE_INT64, UINT64 -> writeLittleEndian(((Number) value).longValue(), 8);
      case FLOAT64, NULLABLE_FLOAT64 ->
          writeLittleEndian(Double.doubleToRawLongBits(((Number) value).doubleValue()), 8);
      case DATETIME -> writeLittleEndian(((Number) value).longValue(), 4);
    }
  }

  private void writeString(Object value) {
    byte[] bytes = value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
    long n = bytes.length;
    do {
      byte b = (byte) (n & 0x7F);
      n >>>= 7;
      put(n != 0 ? (byte) (b | 0x80) : b);
    } while (n != 0);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  private void writeLittleEndian(long v, int width) {
    ensure(width);
    for (int i = 0; i < width; i++) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
