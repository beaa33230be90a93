package dev.tributary.sink.batching;

/**
 * When a buffer becomes a batch: at {@code maxRows} rows, or once its oldest row has waited
 * {@code maxAgeMs}. (A change of ClickHouse partition always seals the buffer too.)
 */
public record BatchPolicy(int maxRows, long maxAgeMs) {

  public BatchPolicy {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
    }
    if (maxAgeMs < 0) {
      throw new IllegalArgumentException("maxAgeMs must be >= 0, was " + maxAgeMs);
    }
  }
}
