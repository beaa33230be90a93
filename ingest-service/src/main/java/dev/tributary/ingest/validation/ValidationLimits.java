package dev.tributary.ingest.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * The configurable bounds the validator applies.
 *
 * @param maxEventBytes largest event, in bytes of its compact JSON
 * @param maxFuture how far ahead of the server clock a time field may be
 * @param maxPast how far behind the server clock a time field may be
 * @param maxDepth deepest nesting of objects/arrays in an event, the event itself being level 1
 */
public record ValidationLimits(int maxEventBytes, Duration maxFuture, Duration maxPast, int maxDepth) {

  /** The documented defaults: 32768 bytes, one day ahead, 365 days behind. */
  public static final ValidationLimits DEFAULTS =
      new ValidationLimits(32_768, Duration.ofDays(1), Duration.ofDays(365));

  /** Limits with the default nesting depth. */
  public ValidationLimits(int maxEventBytes, Duration maxFuture, Duration maxPast) {
    this(maxEventBytes, maxFuture, maxPast, JsonShape.DEFAULT_MAX_DEPTH);
  }

  public ValidationLimits {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
    }
    if (maxDepth < 1 || maxDepth > EventJson.MAX_BODY_DEPTH - 2) {
      throw new IllegalArgumentException("maxDepth must lie in 1.." + (EventJson.MAX_BODY_DEPTH - 2) + ": " + maxDepth);
    }
    Objects.requireNonNull(maxFuture, "maxFuture");
    Objects.requireNonNull(maxPast, "maxPast");
  }
}
