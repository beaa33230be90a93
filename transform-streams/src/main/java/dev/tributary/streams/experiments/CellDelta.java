package dev.tributary.streams.experiments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a task has added to one {@link Cell} since its last report: the change of each sum, and for the exposure
 * cell the units excluded and the range of first-exposure times. Deltas add ({@link #plus}), so a task keeps
 * one per cell between reports and the warehouse sums the reports.
 *
 * <p>Immutable; thread-safe.
 *
 * @param kind the metric's kind code (mean, proportion, ratio), '' for the exposure cell
 * @param firstExposureMs earliest first exposure in this delta, {@link Long#MAX_VALUE} when none
 * @param lastExposureMs latest first exposure in this delta, {@link Long#MIN_VALUE} when none
 */
record CellDelta(String kind, long units, long excluded, double sum, double sumSquares, double denominatorSum,
    double denominatorSumSquares, double sumProducts, long firstExposureMs, long lastExposureMs) {

  CellDelta {
    Objects.requireNonNull(kind, "kind");
  }

  /** A first exposure at {@code atMs}: one more unit in the exposure cell. */
  static CellDelta exposed(long atMs) {
    return new CellDelta("", 1, 0, 0, 0, 0, 0, 0, atMs, atMs);
  }

  /** A unit first exposed to this variation, excluded for seeing another. */
  static CellDelta excludedUnit() {
    return new CellDelta("", -1, 1, 0, 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE);
  }

  /**
   * A unit's value of a metric going from (y0, d0) to (y1, d1); {@code unitsChange} +1 when it enters the cell,
   * -1 when it leaves, 0 when its value changes.
   */
  static CellDelta change(String kind, long unitsChange, double y0, double d0, double y1, double d1) {
    return new CellDelta(kind, unitsChange, 0, y1 - y0, y1 * y1 - y0 * y0, d1 - d0, d1 * d1 - d0 * d0,
        y1 * d1 - y0 * d0, Long.MAX_VALUE, Long.MIN_VALUE);
  }

  CellDelta plus(CellDelta o) {
    return new CellDelta(kind.isEmpty() ? o.kind : kind, units + o.units, excluded + o.excluded, sum + o.sum,
        sumSquares + o.sumSquares, denominatorSum + o.denominatorSum,
        denominatorSumSquares + o.denominatorSumSquares, sumProducts + o.sumProducts,
        Math.min(firstExposureMs, o.firstExposureMs), Math.max(lastExposureMs, o.lastExposureMs));
  }

  /** The binary form for the pending store. */
  static Serde<CellDelta> serde() {
    return Serdes.serdeFrom((topic, d) -> d == null ? null : write(d),
        (topic, bytes) -> bytes == null ? null : read(bytes));
  }

  private static byte[] write(CellDelta d) {
    byte[] kind = d.kind.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + kind.length + 8 * 9).putInt(kind.length).put(kind).putLong(d.units)
        .putLong(d.excluded).putDouble(d.sum).putDouble(d.sumSquares).putDouble(d.denominatorSum)
        .putDouble(d.denominatorSumSquares).putDouble(d.sumProducts).putLong(d.firstExposureMs)
        .putLong(d.lastExposureMs).array();
  }

  private static CellDelta read(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] kind = new byte[b.getInt()];
    b.get(kind);
    return new CellDelta(new String(kind, StandardCharsets.UTF_8), b.getLong(), b.getLong(), b.getDouble(),
        b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getLong(), b.getLong());
  }
}
