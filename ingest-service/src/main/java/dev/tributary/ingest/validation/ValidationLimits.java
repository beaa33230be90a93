package dev.tributary.ingest.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * The configurable bounds the validator applies.
 *
 * @param maxEventBytes largest event, in bytes of its compact JSON
 * @param maxFuture how far ahead of the server clock a time field may be
 * @param maxPast how far behind the server clock a time field may be
 */
public record ValidationLimits(int maxEventBytes, Duration maxFuture, Duration maxPast) {

  /** The documented defaults: 32768 bytes, one day ahead, 365 days behind. */
  public static final ValidationLimits DEFAULTS =
      new ValidationLimits(32_768, Duration.ofDays(1), Duration.ofDays(365));

  public ValidationLimits {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
    }
    Objects.requireNonNull(maxFuture, "maxFuture");
    Objects.requireNonNull(maxPast, "maxPast");
  }
}
