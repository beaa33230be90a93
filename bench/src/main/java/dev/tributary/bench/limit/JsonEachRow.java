package dev.tributary.bench.limit;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.ColumnType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes one warehouse row (values in the sink's column order and Java mapping, see
 * {@link ColumnType}) as a ClickHouse {@code JSONEachRow} line, so that clickhouse-client and the
 * Kafka table engine load exactly the rows the sink loads. DateTime is written as UTC
 * {@code "yyyy-MM-dd HH:mm:ss"}, the text form every ClickHouse version parses. Pure and
 * thread-safe.
 */
public final class JsonEachRow {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private JsonEachRow() {}

  public static String line(List<Column> columns, List<Object> values) {
    if (columns.size() != values.size()) {
      throw new IllegalArgumentException(values.size() + " values for " + columns.size() + " columns");
    }
    StringBuilder out = new StringBuilder(512).append('{');
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Column c = columns.get(i);
      quote(out, c.name());
      out.append(':');
      value(out, c.type(), values.get(i));
    }
    return out.append('}').toString();
  }

  private static void value(StringBuilder out, ColumnType type, Object v) {
    if (v == null) {
      out.append("null");
      return;
    }
    switch (type) {
      case STRING, NULLABLE_STRING -> quote(out, v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString());
      case DATETIME -> quote(out, LocalDateTime.ofEpochSecond(((Number) v).longValue(), 0, ZoneOffset.UTC).format(DATE_TIME));
      case FLOAT64, NULLABLE_FLOAT64 -> out.append(((Number) v).doubleValue());
      case UINT64 -> out.append(Long.toUnsignedString(((Number) v).longValue()));
      case ARRAY_UINT64 -> {
        out.append('[');
        long[] values = (long[]) v;
        for (int i = 0; i < values.length; i++) {
          out.append(i == 0 ? "" : ",").append(Long.toUnsignedString(values[i]));
        }
        out.append(']');
      }
      default -> out.append(((Number) v).longValue());
    }
  }

  static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    out.append('"');
  }
}
