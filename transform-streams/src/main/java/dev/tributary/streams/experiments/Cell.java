package dev.tributary.streams.experiments;

import java.util.Objects;

/**
 * One experiment cell: what the warehouse sums one row of {@code experiment_sums_v} (or, with metric
 * {@link dev.tributary.common.catalogue.ExperimentTables#EXPOSURE_CELL}, of {@code experiment_exposures_v}) over.
 * Its {@link #storeKey()} keys the pending store; the metric is last, so only the separator is forbidden in keys
 * and variations (the definitions' key rule and the assignment's ids never contain it).
 *
 * <p>Immutable; thread-safe.
 */
record Cell(String experimentKey, int phase, String variation, String metric) {

  private static final char SEPARATOR = '\u001f';

  Cell {
    Objects.requireNonNull(experimentKey, "experimentKey");
    Objects.requireNonNull(variation, "variation");
    Objects.requireNonNull(metric, "metric");
  }

  String storeKey() {
    return experimentKey + SEPARATOR + phase + SEPARATOR + variation + SEPARATOR + metric;
  }

  static Cell parse(String storeKey) {
    String[] p = storeKey.split(String.valueOf(SEPARATOR), 4);
    if (p.length != 4) {
      throw new IllegalArgumentException("not an experiment cell key: " + storeKey.length() + " chars");
    }
    return new Cell(p[0], Integer.parseInt(p[1]), p[2], p[3]);
  }
}
