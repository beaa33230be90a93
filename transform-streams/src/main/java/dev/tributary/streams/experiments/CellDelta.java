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
 * @param preSum change of Σx, x the CUPED covariate (see {@link PreExposure}); preSumSquares of Σx²,
 *     preSumProducts of Σxy
 * @param firstExposureMs earliest first exposure in this delta, {@link Long#MAX_VALUE} when none
 * @param lastExposureMs latest first exposure in this delta, {@link Long#MIN_VALUE} when none
 */
record CellDelta(String kind, long units, long excluded, double sum, double sumSquares, double denominatorSum,
    double denominatorSumSquares, double sumProducts, double preSum, double preSumSquares, double preSumProducts,
    long firstExposureMs, long lastExposureMs) {

  /** Marks the second binary form; no kind code is this long, so it cannot be mistaken for the first's length. */
  private static final int VERSION_2 = 0x7fff_0002;

  CellDelta {
    Objects.requireNonNull(kind, "kind");
  }

  /** A first exposure at {@code atMs}: one more unit in the exposure cell. */
  static CellDelta exposed(long atMs) {
    return new CellDelta("", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, atMs, atMs);
  }

  /** A unit first exposed to this variation, excluded for seeing another. */
  static CellDelta excludedUnit() {
    return new CellDelta("", -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE);
  }

  /**
   * A unit's value of a metric going from (y0, d0, x0) to (y1, d1, x1); {@code unitsChange} +1 when it enters the
   * cell (from zeros), -1 when it leaves (to zeros), 0 when its value changes.
   */
  static CellDelta change(String kind, long unitsChange, double y0, double d0, double x0, double y1, double d1,
      double x1) {
    return new CellDelta(kind, unitsChange, 0, y1 - y0, y1 * y1 - y0 * y0, d1 - d0, d1 * d1 - d0 * d0,
        y1 * d1 - y0 * d0, x1 - x0, x1 * x1 - x0 * x0, x1 * y1 - x0 * y0, Long.MAX_VALUE, Long.MIN_VALUE);
  }

  CellDelta plus(CellDelta o) {
    return new CellDelta(kind.isEmpty() ? o.kind : kind, units + o.units, excluded + o.excluded, sum + o.sum,
        sumSquares + o.sumSquares, denominatorSum + o.denominatorSum,
        denominatorSumSquares + o.denominatorSumSquares, sumProducts + o.sumProducts, preSum + o.preSum,
        preSumSquares + o.preSumSquares, preSumProducts + o.preSumProducts,
        Math.min(firstExposureMs, o.firstExposureMs), Math.max(lastExposureMs, o.lastExposureMs));
  }

  /**
   * The binary form for the pending store: version 2 carries the CUPED sums; version 1 (before CUPED, no version
   * byte: it starts with the kind's length, 0 to a few) is still read, with zero CUPED sums, so a pending store
   * restored from an older changelog keeps working.
   */
  static Serde<CellDelta> serde() {
    return Serdes.serdeFrom((topic, d) -> d == null ? null : write(d),
        (topic, bytes) -> bytes == null ? null : read(bytes));
  }

  private static byte[] write(CellDelta d) {
    byte[] kind = d.kind.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + 4 + kind.length + 8 * 12).putInt(VERSION_2).putInt(kind.length).put(kind)
        .putLong(d.units).putLong(d.excluded).putDouble(d.sum).putDouble(d.sumSquares).putDouble(d.denominatorSum)
        .putDouble(d.denominatorSumSquares).putDouble(d.sumProducts).putDouble(d.preSum)
        .putDouble(d.preSumSquares).putDouble(d.preSumProducts).putLong(d.firstExposureMs)
        .putLong(d.lastExposureMs).array();
  }

  private static CellDelta read(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int first = b.getInt();
    boolean v2 = first == VERSION_2;
    byte[] kind = new byte[v2 ? b.getInt() : first];
    b.get(kind);
    long units = b.getLong();
    long excluded = b.getLong();
    double sum = b.getDouble();
    double sumSquares = b.getDouble();
    double denominatorSum = b.getDouble();
    double denominatorSumSquares = b.getDouble();
    double sumProducts = b.getDouble();
    double preSum = v2 ? b.getDouble() : 0;
    double preSumSquares = v2 ? b.getDouble() : 0;
    double preSumProducts = v2 ? b.getDouble() : 0;
    return new CellDelta(new String(kind, StandardCharsets.UTF_8), units, excluded, sum, sumSquares, denominatorSum,
        denominatorSumSquares, sumProducts, preSum, preSumSquares, preSumProducts, b.getLong(), b.getLong());
  }
}
