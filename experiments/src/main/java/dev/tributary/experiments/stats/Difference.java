package dev.tributary.experiments.stats;

/** Which effect is reported: treatment − control, or that divided by |control|. Immutable. */
public enum Difference {
  ABSOLUTE,
  /** (treatment − control) / |control|, its variance by the delta method. */
  RELATIVE
}
