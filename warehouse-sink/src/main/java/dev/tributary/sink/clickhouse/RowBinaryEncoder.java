package dev.tributary.sink.clickhouse;

import dev.tributary.common.catalogue.Column;
import dev.tributary.sink.batching.Row;
import dev.tributary.sink.batching.RowBinaryWriter;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a list of rows in ClickHouse's {@code RowBinary} format (see {@link RowBinaryWriter} for
 * the layout) in one call. The sink itself encodes rows as they arrive (the batch accumulator owns
 * a {@link RowBinaryWriter}); this is for whole files, e.g. the benchmark's reference input.
 * RowBinary was chosen over JSONEachRow because it is ~30% faster to insert, keeps raw DLQ bytes
 * exact (a ClickHouse String is bytes, JSON is not) and is not split by parallel parsing on newer
 * servers.
 *
 * <p>Stateless; thread-safe.
 */
public final class RowBinaryEncoder {

  /** The encoded rows, exactly as long as written. */
  public byte[] encode(List<Column> columns, List<Row> rows) {
    RowBinaryWriter writer = new RowBinaryWriter(rows.size() * 128);
    for (Row row : rows) {
      writer.append(columns, row);
    }
    return Arrays.copyOf(writer.array(), writer.length());
  }
}
