package dev.tributary.localstack.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which dead letters to replay: by reason (any of), by source, and by when they were dead-lettered
 * ({@code failed_at} in {@code [since, until)}). Empty means no restriction.
 *
 * <p>Immutable; thread-safe.
 */
public record ReplayFilter(List<String> reasons, Optional<String> source, Optional<Instant> since,
    Optional<Instant> until) {

  /** Every dead letter. */
  public static final ReplayFilter ALL = new ReplayFilter(List.of(), Optional.empty(), Optional.empty(), Optional.empty());

  public ReplayFilter {
    reasons = List.copyOf(reasons);
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new IllegalArgumentException("--since must be before --until, got " + since.get() + " and " + until.get());
    }
  }

  /** The filter in words, for the summary line. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append(reasons.isEmpty() ? "any reason" : "reason " + String.join(" or ", reasons));
    source.ifPresent(v -> s.append(", source ").append(v));
    since.ifPresent(v -> s.append(", failed since ").append(v));
    until.ifPresent(v -> s.append(", failed before ").append(v));
    return s.toString();
  }
}
