package dev.tributary.sink.batching;

import dev.tributary.common.catalogue.WarehouseTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Buffers converted rows per Kafka partition and decides batch boundaries. A buffer is sealed
 * into a {@link Batch} when it reaches {@link BatchPolicy#maxRows()}, when its oldest row has
 * waited {@link BatchPolicy#maxAgeMs()} (by the injected clock), or just before a row of another
 * ClickHouse partition (month) would join it. Apart from the age trigger the boundaries depend
 * only on the input records, so a replay after a crash cuts the same batches.
 *
 * <p>Rows are encoded ({@link RowBinaryWriter}) as they arrive, into a buffer sized after the
 * partition's previous batch, so sealing hands the bytes over without copying them.
 *
 * <p>Pure: no I/O. Not thread-safe; owned by the consume loop's thread.
 */
public final class BatchAccumulator {

  private final BatchPolicy policy;
  private final LongSupplier clockMs;
  private final Map<TopicPartition, Buffer> buffers = new LinkedHashMap<>();
  /** Bytes and rows of each partition's last sealed batch: the size to start the next one at. */
  private final Map<TopicPartition, long[]> lastSize = new HashMap<>();

  public BatchAccumulator(BatchPolicy policy, LongSupplier clockMs) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
  }

  /**
   * Adds the next row of {@code source} (offsets must increase within a partition).
   *
   * @return the batches this row sealed, oldest first: none, the previous buffer (month change),
   *     the buffer it completed (row limit), or both
   */
  public List<Batch> add(WarehouseTable table, TopicPartition source, Row row) {
    List<Batch> sealed = new ArrayList<>(2);
    Buffer buffer = buffers.get(source);
    if (buffer != null && buffer.table != table) {
      throw new IllegalArgumentException("partition " + source + " feeds " + buffer.table
          + ", not " + table);
    }
    if (buffer != null && row.offset() <= buffer.lastOffset()) {
      throw new IllegalArgumentException("offsets of " + source + " must increase: got "
          + row.offset() + " after " + buffer.lastOffset());
    }
    if (buffer != null && buffer.month != row.month()) {
      sealed.add(seal(buffer, SealReason.PARTITION_CHANGE));
      buffers.remove(source);
      buffer = null;
    }
    if (buffer == null) {
      long[] last = lastSize.get(source);
      buffer = new Buffer(table, source, row.month(), clockMs.getAsLong(),
          last == null ? 1 << 16 : (int) Math.min(1L << 30, last[0] + last[0] / 8),
          last == null ? 256 : (int) Math.min(policy.maxRows(), last[1] + 1));
      buffers.put(source, buffer);
    }
    buffer.add(row);
    if (buffer.count >= policy.maxRows()) {
      sealed.add(seal(buffer, SealReason.ROWS));
      buffers.remove(source);
    }
    return sealed;
  }

  /** Seals every buffer whose oldest row has waited at least the maximum age. */
  public List<Batch> sealExpired() {
    long now = clockMs.getAsLong();
    List<Batch> sealed = new ArrayList<>();
    for (Iterator<Buffer> it = buffers.values().iterator(); it.hasNext(); ) {
      Buffer buffer = it.next();
      if (now - buffer.startedAtMs >= policy.maxAgeMs()) {
        sealed.add(seal(buffer, SealReason.AGE));
        it.remove();
      }
    }
    return sealed;
  }

  /** When the next buffer expires (epoch ms of the injected clock), if any row is buffered. */
  public OptionalLong nextExpiryMs() {
    return buffers.values().stream()
        .mapToLong(b -> b.startedAtMs + policy.maxAgeMs())
        .min();
  }

  /** Forgets the unsealed rows of {@code source} (its partition was revoked). */
  public void drop(TopicPartition source) {
    buffers.remove(source);
    lastSize.remove(source);
  }

  /** Rows buffered but not yet sealed, over all partitions. */
  public int bufferedRows() {
    return buffers.values().stream().mapToInt(b -> b.count).sum();
  }

  private Batch seal(Buffer buffer, SealReason reason) {
    lastSize.put(buffer.source, new long[] {buffer.writer.length(), buffer.count});
    return buffer.seal(reason);
  }

  private static final class Buffer {
    final WarehouseTable table;
    final TopicPartition source;
    final int month;
    final long startedAtMs;
    final RowBinaryWriter writer;
    long[] offsets;
    int[] starts;
    int count;

    Buffer(WarehouseTable table, TopicPartition source, int month, long startedAtMs, int bytesHint, int rowsHint) {
      this.table = table;
      this.source = source;
      this.month = month;
      this.startedAtMs = startedAtMs;
      this.writer = new RowBinaryWriter(bytesHint);
      this.offsets = new long[rowsHint];
      this.starts = new int[rowsHint];
    }

    void add(Row row) {
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, count * 2);
        starts = Arrays.copyOf(starts, count * 2);
      }
      int start = writer.length();
      writer.append(table.columns(), row);
      offsets[count] = row.offset();
      starts[count] = start;
      count++;
    }

    long lastOffset() {
      return offsets[count - 1];
    }

    Batch seal(SealReason reason) {
      return new Batch(table, source, month,
          new EncodedRows(writer.array(), writer.length(), offsets, starts, 0, count), reason);
    }
  }
}
