package dev.tributary.experiments.assignment;

/** A half-open interval [start, end) of hash values that maps to one variant. */
public record BucketRange(double start, double end) {

  /** True when {@code n} falls in [start, end). */
  public boolean contains(double n) {
    return n >= start && n < end;
  }
}
