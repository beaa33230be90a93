package dev.tributary.sink.testing;

import dev.tributary.sink.batching.Batch;
import dev.tributary.common.catalogue.Column;
import dev.tributary.sink.batching.EncodedRows;
import dev.tributary.sink.batching.Row;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a batch's RowBinary back into {@link Row}s (strings as {@code String}, integers as
 * {@code Integer}/{@code Long}, floats as {@code Double}), so the fake warehouse holds what the real
 * one would parse, and a wrong encoding fails the sink's tests.
 */
public final class RowBinaryReader {

  private final byte[] bytes;
  private int pos;

  private RowBinaryReader(byte[] bytes, int pos) {
    this.bytes = bytes;
    this.pos = pos;
  }

  public static List<Row> rows(Batch batch) {
    EncodedRows encoded = batch.rows();
    RowBinaryReader in = new RowBinaryReader(encoded.array(), encoded.start());
    List<Column> columns = batch.table().columns();
    long[] offsets = encoded.offsets();
    List<Row> rows = new ArrayList<>(offsets.length);
    for (long offset : offsets) {
      List<Object> values = new ArrayList<>(columns.size());
      for (Column c : columns) {
        values.add(in.value(c));
      }
      rows.add(new Row(offset, batch.month(), values));
    }
    if (in.pos != encoded.start() + encoded.length()) {
      throw new IllegalStateException("RowBinary of " + batch.describe() + " has " + (encoded.start()
          + encoded.length() - in.pos) + " bytes after its last row");
    }
    return rows;
  }

  private Object value(Column c) {
    if (c.type().nullable() && bytes[pos++] == 1) {
      return null;
    }
    return switch (c.type()) {
      case STRING, NULLABLE_STRING -> {
        int n = length();
        String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
        pos += n;
        yield s;
      }
      case ARRAY_UINT64 -> {
        long[] values = new long[length()];
        for (int i = 0; i < values.length; i++) {
          values[i] = little(8);
        }
        yield values;
      }
      case INT32 -> (int) little(4);
      case DATETIME -> little(4) & 0xFFFF_FFFFL;
      case INT64, NULLABLE_INT64, UINT64 -> little(8);
      case FLOAT64, NULLABLE_FLOAT64 -> Double.longBitsToDouble(little(8));
    };
  }

  private int length() {
    int n = 0;
    int shift = 0;
    byte b;
    do {
      b = bytes[pos++];
      n |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return n;
  }

  private long little(int width) {
    long v = 0;
    for (int i = 0; i < width; i++) {
      v |= (bytes[pos++] & 0xFFL) << (8 * i);
    }
    return v;
  }
}
