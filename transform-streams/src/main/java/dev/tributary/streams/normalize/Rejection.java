package dev.tributary.streams.normalize;

import dev.tributary.events.DeadLetterReason;

/**
 * Internal control flow of {@link EventNormalizer}: thrown by a field reader deep in the parsing
 * code, caught once at the top and turned into a {@link NormalizeResult.Rejected}. Never escapes
 * the package; no stack trace because it is an expected outcome, not a bug.
 */
final class Rejection extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient DeadLetterReason reason;
  private final String field;

  Rejection(DeadLetterReason reason, String field, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
    this.field = field;
  }

  static Rejection missing(String field, String detail) {
    return new Rejection(DeadLetterReason.MISSING_FIELD, field, detail);
  }

  static Rejection invalid(String field, String detail) {
    return new Rejection(DeadLetterReason.INVALID_FIELD, field, detail);
  }

  NormalizeResult.Rejected toResult() {
    return new NormalizeResult.Rejected(reason, field, getMessage());
  }
}
