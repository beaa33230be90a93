package dev.tributary.sink.batching;

import java.util.Arrays;

/**
 * The rows of a {@link Batch} as the bytes sent to the warehouse ({@code RowBinary}, see
 * {@link RowBinaryWriter}) plus each row's Kafka offset and start in those bytes, so a retry can
 * send only the rows at or after an offset without re-encoding. A slice shares the arrays of the
 * rows it was cut from.
 *
 * <p>Immutable by contract: nobody writes to the arrays after construction (the accumulator hands
 * them over when it seals); {@link #array()} exposes the bytes for sending without a copy, and its
 * readers must not modify them. Thread-safe once published.
 */
public final class EncodedRows {

  private final byte[] bytes;
  private final int end;
  private final long[] offsets;
  private final int[] starts;
  private final int first;
  private final int count;

  /**
   * @param bytes RowBinary of the rows, valid up to {@code end}
   * @param offsets Kafka offset of row {@code i}, increasing
   * @param starts where row {@code i} starts in {@code bytes}
   * @param count rows in use from index {@code first} (arrays may be longer)
   */
  EncodedRows(byte[] bytes, int end, long[] offsets, int[] starts, int first, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a batch has at least one row");
    }
    this.bytes = bytes;
    this.end = end;
    this.offsets = offsets;
    this.starts = starts;
    this.first = first;
    this.count = count;
  }

  public int size() {
    return count;
  }

  public long firstOffset() {
    return offsets[first];
  }

  public long lastOffset() {
    return offsets[first + count - 1];
  }

  /** Kafka offsets of the rows, in order (a copy). */
  public long[] offsets() {
    return Arrays.copyOfRange(offsets, first, first + count);
  }

  /** The rows at or after {@code offset}, or null when none is. */
  EncodedRows from(long offset) {
    int i = Arrays.binarySearch(offsets, first, first + count, offset);
    int at = i >= 0 ? i : -i - 1;
    if (at == first) {
      return this;
    }
    return at == first + count ? null : new EncodedRows(bytes, end, offsets, starts, at, first + count - at);
  }

  /** The backing array; the rows are {@code [start(), start() + length())}. Read only. */
  public byte[] array() {
    return bytes;
  }

  public int start() {
    return starts[first];
  }

  /**
   * The rows as sent with {@code prefix} before each of them: a leading column of the same value in
   * every row (the sink's fence epoch), without re-encoding the rows.
   */
  public byte[] withRowPrefix(byte[] prefix) {
    byte[] out = new byte[length() + prefix.length * count];
    int at = 0;
    for (int i = first; i < first + count; i++) {
      int from = starts[i];
      int to = i + 1 < first + count ? starts[i + 1] : end;
      System.arraycopy(prefix, 0, out, at, prefix.length);
      at += prefix.length;
      System.arraycopy(bytes, from, out, at, to - from);
      at += to - from;
    }
    return out;
  }

  /** Bytes of the rows. */
  public int length() {
    return end - starts[first];
  }
}
