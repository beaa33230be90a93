package dev.tributary.sink.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.common.catalogue.Column;
import dev.tributary.common.catalogue.ColumnType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowBinaryWriterTest {

  /** The bytes of {@code rows} appended one after the other. */
  static byte[] encode(List<Column> columns, List<Row> rows) {
    RowBinaryWriter writer = new RowBinaryWriter(64);
    for (Row row : rows) {
      writer.append(columns, row);
    }
    return Arrays.copyOf(writer.array(), writer.length());
  }

  @Test
  void shouldEncodeFixedWidthValuesLittleEndian() {
    List<Column> columns = List.of(Column.of("i", ColumnType.INT32, "test column"), Column.of("l", ColumnType.INT64, "test column"),
        Column.of("d", ColumnType.DATETIME, "test column"), Column.of("f", ColumnType.FLOAT64, "test column"));

    byte[] out = encode(columns, List.of(new Row(0, 0, Arrays.asList(-2, 0x0102030405060708L, 0xFFFF_FFFEL, 1.0))));

    assertThat(out).containsExactly(
        0xFE, 0xFF, 0xFF, 0xFF,
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
        0xFE, 0xFF, 0xFF, 0xFF,
        0, 0, 0, 0, 0, 0, 0xF0, 0x3F);
  }

  @Test
  void shouldEncodeAnArrayAsItsLengthThenLittleEndianElements() {
    List<Column> columns = List.of(Column.of("a", ColumnType.ARRAY_UINT64, "test column"),
        Column.of("e", ColumnType.ARRAY_UINT64, "test column"));

    byte[] out = encode(columns, List.of(new Row(0, 0, Arrays.asList(new long[] {1L, -1L}, new long[0]))));

    assertThat(out).containsExactly(
        0x02,
        0x01, 0, 0, 0, 0, 0, 0, 0,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x00);
  }

  @Test
  void shouldPrefixStringsWithLeb128LengthAndWriteUtf8() {
    String long300 = "x".repeat(300);
    List<Column> columns = List.of(Column.of("a", ColumnType.STRING, "test column"), Column.of("b", ColumnType.STRING, "test column"));

    byte[] out = encode(columns, List.of(new Row(0, 0, Arrays.asList("é", long300))));

    assertThat(Arrays.copyOfRange(out, 0, 3)).containsExactly(2, 0xC3, 0xA9);
    assertThat(Arrays.copyOfRange(out, 3, 5)).containsExactly(0xAC, 0x02);
    assertThat(out).hasSize(3 + 2 + 300);
  }

  @Test
  void shouldWriteNullFlagBeforeNullableValues() {
    List<Column> columns = List.of(Column.of("s", ColumnType.NULLABLE_STRING, "test column"), Column.of("l", ColumnType.NULLABLE_INT64, "test column"));

    byte[] out = encode(columns, List.of(new Row(0, 0, Arrays.asList(null, 1L)), new Row(1, 0, Arrays.asList(new byte[] {7}, null))));

    assertThat(out).containsExactly(1, 0, 1, 0, 0, 0, 0, 0, 0, 0, /* row 2 */ 0, 1, 7, 1);
  }

  @Test
  void shouldRejectNullInNonNullableColumnNamingIt() {
    List<Column> columns = List.of(Column.of("event_id", ColumnType.STRING, "test column"));

    assertThatThrownBy(() -> encode(columns, List.of(new Row(5, 0, Arrays.asList((Object) null)))))
        .hasMessageContaining("event_id").hasMessageContaining("offset 5");
  }
}
