package dev.tributary.experiments.report;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code experiment_exposures_v}: the exposed units of one variant of one experiment phase, and
 * those excluded because they were also exposed to another variant. Immutable.
 *
 * @param units units analysed in the variant (exposed to it only)
 * @param excludedUnits units first exposed to this variant that also saw another one, left out of every sum
 */
public record ExposureRow(String experimentKey, int phase, String variationId, long units, long excludedUnits,
    Instant firstExposure, Instant lastExposure) {

  public ExposureRow {
    Objects.requireNonNull(experimentKey, "experimentKey");
    Objects.requireNonNull(variationId, "variationId");
    if (units < 0 || excludedUnits < 0) {
      throw new IllegalArgumentException("units and excluded units must not be negative");
    }
  }
}
