package dev.tributary.sink.batching;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Appends rows in ClickHouse's {@code RowBinary} format to a growable byte array: values in column
 * order, little-endian fixed-width numbers, strings as unsigned LEB128 length + bytes,
 * {@code Nullable(T)} as a 1-byte null flag followed by T when present, DateTime as UInt32
 * seconds, {@code Array(T)} as LEB128 element count + elements. RowBinary is the form a {@link Batch} is sent in, so the accumulator encodes each row
 * as it arrives (sealing a batch then neither re-walks nor copies the rows); starting at the size
 * the caller expects keeps growth copies rare. RowBinary was chosen over JSONEachRow because it
 * is ~30% faster to insert, keeps raw DLQ bytes exact (a ClickHouse String is bytes, JSON is not)
 * and is not split by parallel parsing on newer servers.
 *
 * <p>Not thread-safe; confined to one thread until its array is handed over.
 */
public final class RowBinaryWriter {

  private byte[] buf;
  private int len;

  public RowBinaryWriter(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  /**
   * Appends one row.
   *
   * @throws IllegalArgumentException naming the column and offset when a value does not fit
   */
  public void append(List<Column> columns, Row row) {
    List<Object> values = row.values();
    int n = columns.size();
    if (values.size() != n) {
      throw new IllegalArgumentException("row at offset " + row.offset() + " has " + values.size()
          + " values for " + n + " columns");
    }
    int start = len;
    try {
      for (int i = 0; i < n; i++) {
        write(columns.get(i), values.get(i), row.offset());
      }
    } catch (RuntimeException e) {
      len = start; // a rejected row leaves nothing behind
      throw e;
    }
  }

  /** Bytes written so far. */
  public int length() {
    return len;
  }

  /** The backing array (valid up to {@link #length()}); the writer must not be used afterwards. */
  public byte[] array() {
    return buf;
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
      case ARRAY_UINT64 -> writeLongs((long[]) value);
    }
  }

  private void writeString(Object value) {
    byte[] bytes = value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
    writeLength(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  private void writeLongs(long[] values) {
    writeLength(values.length);
    for (long v : values) {
      writeLittleEndian(v, 8);
    }
  }

  private void writeLength(int n) {
    ensure(5);
    while ((n & ~0x7F) != 0) {
      buf[len++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buf[len++] = (byte) n;
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
      long wanted = Math.max((long) buf.length * 2, (long) len + extra);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a batch cannot exceed 2 GB of RowBinary; lower sink.batch.rows");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }
}
