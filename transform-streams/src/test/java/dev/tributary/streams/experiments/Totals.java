package dev.tributary.streams.experiments;

import dev.tributary.events.ExperimentSums;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cell's totals: what {@code experiment_sums_v} / {@code experiment_exposures_v} show, recomputed in the test
 * by adding reports the way the warehouse does, or computed offline from the events.
 */
record Totals(long units, long excluded, double sum, double sumSquares, double denominatorSum,
    double denominatorSumSquares, double sumProducts, double preSum, double preSumSquares, double preSumProducts,
    long firstExposure, long lastExposure) {

  static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE);

  /** Totals without CUPED sums (x = 0). */
  Totals(long units, long excluded, double sum, double sumSquares, double denominatorSum, double denominatorSumSquares,
      double sumProducts, long firstExposure, long lastExposure) {
    this(units, excluded, sum, sumSquares, denominatorSum, denominatorSumSquares, sumProducts, 0, 0, 0, firstExposure,
        lastExposure);
  }

  /** {@code experiment|phase|variation|metric} → the sum of its reports. */
  static Map<String, Totals> of(List<ExperimentSums> reports) {
    Map<String, Totals> out = new TreeMap<>();
    for (ExperimentSums r : reports) {
      Totals t = new Totals(r.getUnits(), r.getExcludedUnits(), r.getSum(), r.getSumSquares(), r.getDenominatorSum(),
          r.getDenominatorSumSquares(), r.getSumProducts(), r.getPreSum(), r.getPreSumSquares(), r.getPreSumProducts(),
          r.getFirstExposure() == null ? Long.MAX_VALUE : r.getFirstExposure().toEpochMilli(),
          r.getLastExposure() == null ? Long.MIN_VALUE : r.getLastExposure().toEpochMilli());
      out.merge(key(r.getExperimentKey(), r.getPhase(), r.getVariationId(), r.getMetric()), t, Totals::plus);
    }
    return out;
  }

  static String key(String experiment, int phase, String variation, String metric) {
    return experiment + "|" + phase + "|" + variation + "|" + metric;
  }

  Totals plus(Totals o) {
    return new Totals(units + o.units, excluded + o.excluded, sum + o.sum, sumSquares + o.sumSquares,
        denominatorSum + o.denominatorSum, denominatorSumSquares + o.denominatorSumSquares, sumProducts + o.sumProducts,
        preSum + o.preSum, preSumSquares + o.preSumSquares, preSumProducts + o.preSumProducts, Math.min(firstExposure, o.firstExposure), Math.max(lastExposure, o.lastExposure));
  }

  /** A unit with values y and d entering a metric cell. */
  static Totals unit(double y, double d) {
    return unit(y, d, 0);
  }

  /** A unit with values y and d and pre-exposure covariate x entering a metric cell. */
  static Totals unit(double y, double d, double x) {
    return new Totals(1, 0, y, y * y, d, d * d, y * d, x, x * x, x * y, Long.MAX_VALUE, Long.MIN_VALUE);
  }

  /** A unit first exposed at {@code at}, excluded or not, in an exposure cell. */
  static Totals exposure(long at, boolean excluded) {
    return new Totals(excluded ? 0 : 1, excluded ? 1 : 0, 0, 0, 0, 0, 0, at, at);
  }

  /** Equal up to floating-point rounding of the sums (deltas add in another order than the recomputation). */
  boolean closeTo(Totals o) {
    return units == o.units && excluded == o.excluded && firstExposure == o.firstExposure
        && lastExposure == o.lastExposure && close(sum, o.sum) && close(sumSquares, o.sumSquares)
        && close(denominatorSum, o.denominatorSum) && close(denominatorSumSquares, o.denominatorSumSquares)
        && close(sumProducts, o.sumProducts) && close(preSum, o.preSum) && close(preSumSquares, o.preSumSquares)
        && close(preSumProducts, o.preSumProducts);
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }
}
